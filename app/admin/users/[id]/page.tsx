import { notFound, redirect } from "next/navigation";
import { Alert, Badge, Card, dangerButtonClass, displayName, PageTitle, secondaryButtonClass, TextLink } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { sessionsOf } from "@/lib/auth/session-store";
import { getDb } from "@/lib/db";
import { getUser, departmentOptions, listManagerOptions } from "@/lib/directory/users";
import { LocalTime } from "@/app/admin/integrations/_components/local-time";
import { userHistory } from "@/lib/directory/history";
import { pageParam, routeParam, uuidParam } from "@/lib/route-params";
import { setUserActiveAction } from "./actions";
import { History } from "./history";
import { Sessions } from "./sessions";
import { UserForm } from "./user-form";

// No loading.tsx above this page: a streamed response would turn notFound() (another organization's user) into a 200.
export default async function UserPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const admin = await requireAdmin();
  const id = routeParam(uuidParam, (await params).id);
  const query = await searchParams;
  const historyPage = routeParam(pageParam, query.historyPage);
  if (!id || !historyPage) notFound();
  const db = await getDb();
  const user = await getUser(db, admin.organizationId, id);
  if (!user) notFound();
  const [departments, managers, history, sessions] = await Promise.all([
    departmentOptions(db, admin.organizationId),
    listManagerOptions(db, admin.organizationId),
    userHistory(db, admin.organizationId, user.id, historyPage),
    sessionsOf(db, admin.organizationId, user.id),
  ]);
  if (historyPage > history.pages) notFound();
  const managed = user.source === "bamboohr";
  const toggle = { userId: user.id, active: !user.active };
  return (
    <>
      <p className="mb-2 text-sm">
        <TextLink href="/admin/users">← Users</TextLink>
      </p>
      <PageTitle
        actions={
          <form
            action={async () => {
              "use server";
              const result = await setUserActiveAction(toggle);
              if (!result.ok) redirect(`/admin/users/${toggle.userId}?refused=last-admin`);
            }}
          >
            <button type="submit" className={user.active ? dangerButtonClass : secondaryButtonClass}>
              {user.active ? "Deactivate" : "Activate"}
            </button>
          </form>
        }
      >
        {displayName(user)}{" "}
        <span className="align-middle">
          {user.active ? <Badge tone="green">Active</Badge> : <Badge tone="gray">Inactive</Badge>}{" "}
          {managed ? <Badge tone="blue">Managed by BambooHR</Badge> : <Badge tone="gray">Manual</Badge>}{" "}
          {user.role === "admin" ? <Badge tone="amber">Admin</Badge> : null}
        </span>
      </PageTitle>
      <div className="space-y-4">
        {query.refused === "last-admin" ? (
          <Alert>Not deactivated: this is the organization&apos;s last active admin. Make another person an admin first.</Alert>
        ) : null}
        {!user.active ? (
          <Alert tone="amber">
            Why inactive: {user.inactiveReason ?? "deactivated."}
            {user.deactivationDate ? ` Deactivation date ${user.deactivationDate}.` : ""}
          </Alert>
        ) : null}
        <Card>
          <UserForm
            userId={user.id}
            managedByBamboo={managed}
            values={{
              email: user.email ?? "",
              firstName: user.firstName,
              lastName: user.lastName,
              preferredName: user.preferredName ?? "",
              employeeId: user.employeeId ?? "",
              title: user.title ?? "",
              phone: user.phone ?? "",
              location: user.location ?? "",
              departmentId: user.departmentId ?? "",
              managerId: user.managerId ?? "",
            }}
            departments={departments.map((d) => ({ id: d.id, label: d.name }))}
            managers={managers.map((m) => ({ id: m.id, label: `${displayName(m)} (${m.email})` }))}
          />
        </Card>
        {user.lastSyncedAt ? (
          <p className="text-xs text-slate-500">
            Last synced from BambooHR <LocalTime iso={user.lastSyncedAt.toISOString()} withZone />.
          </p>
        ) : null}
        <Sessions userId={user.id} sessions={sessions} />
        <History userId={user.id} page={historyPage} history={history} />
      </div>
    </>
  );
}
