import { redirect } from "next/navigation";
import { Alert, Card, PageTitle, TextLink } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { previewSync } from "@/lib/sync/pipeline";
import { getIntegration } from "@/lib/sync/source";
import type { PlanItem } from "@/lib/sync/plan/types";
import { ChangeList } from "../_components/change-list";

export const dynamic = "force-dynamic";

const SECTIONS: Array<{ action: PlanItem["action"]; title: string }> = [
  { action: "create", title: "New accounts" },
  { action: "update", title: "Updates" },
  { action: "deactivate", title: "Deactivations" },
  { action: "reactivate", title: "Reactivations" },
];
const SHOWN = 200;

export default async function PreviewPage() {
  const admin = await requireAdmin();
  const db = await getDb();
  if (!(await getIntegration(db, admin.organizationId))?.enabled) redirect("/admin/integrations");
  const preview = await previewSync(db, admin.organizationId);
  return (
    <>
      <p className="mb-2 text-sm">
        <TextLink href="/admin/integrations">← Third-Party Integrations</TextLink>
      </p>
      <PageTitle>Preview: what a sync would change now</PageTitle>
      {!preview.ok ? (
        <Alert>{preview.error}</Alert>
      ) : (
        <div className="space-y-5">
          <Alert tone="blue">
            Nothing has been changed. {preview.plan.counts.created} to create, {preview.plan.counts.updated} to update,{" "}
            {preview.plan.counts.deactivated} to deactivate, {preview.plan.counts.reactivated} to reactivate,{" "}
            {preview.plan.counts.unchanged} unchanged, {preview.plan.counts.skipped} skipped.
            {preview.held ? " The safeguard would hold this sync for review." : ""}
          </Alert>
          {preview.plan.warnings.map((w) => (
            <Alert key={w} tone="amber">
              {w}
            </Alert>
          ))}
          {SECTIONS.map(({ action, title }) => {
            const items = preview.plan.items.filter((i) => i.action === action);
            return (
              <Card key={action}>
                <h2 className="mb-2 font-semibold">
                  {title} ({items.length})
                </h2>
                {items.length === 0 ? (
                  <p className="text-sm text-slate-600">None.</p>
                ) : (
                  <ul className="divide-y divide-slate-200" aria-label={title}>
                    {items.slice(0, SHOWN).map((i) => (
                      <li key={i.bamboohrId} className="py-2">
                        <div className="text-sm font-medium">
                          {i.name} <span className="font-normal text-slate-500">{i.employeeId ? `#${i.employeeId}` : ""}</span>
                        </div>
                        <ChangeList changes={i.action === "create" ? {} : i.changes} />
                        {i.action === "create" && "email" in i.payload ? (
                          <p className="text-xs text-slate-600">
                            {i.payload.email}
                            {i.payload.active ? "" : ` · inactive: ${i.payload.inactiveReason}`}
                          </p>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                )}
                {items.length > SHOWN ? <p className="mt-2 text-xs text-slate-500">…and {items.length - SHOWN} more.</p> : null}
              </Card>
            );
          })}
          {preview.plan.errors.length ? (
            <Card>
              <h2 className="mb-2 font-semibold">Records that would be skipped or need attention ({preview.plan.errors.length})</h2>
              <ul className="space-y-1 text-sm">
                {preview.plan.errors.slice(0, SHOWN).map((e, i) => (
                  <li key={i}>
                    <span className="font-medium">{e.name ?? "(no name)"}</span> {e.employeeId ? `#${e.employeeId}` : ""}: {e.reason}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      )}
    </>
  );
}
