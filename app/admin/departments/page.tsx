import { Card, PageTitle, TextLink } from "@/app/_components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listDepartments } from "@/lib/directory/users";

export default async function DepartmentsPage() {
  const admin = await requireAdmin();
  const rows = await listDepartments(await getDb(), admin.organizationId);
  return (
    <>
      <PageTitle>Departments</PageTitle>
      <Card className="overflow-x-auto p-0">
        {rows.length === 0 ? (
          <p className="p-5 text-sm text-slate-600">No departments yet. The BambooHR sync creates them from employee records.</p>
        ) : (
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">Department</th>
                <th className="px-4 py-2 font-medium">Members</th>
                <th className="px-4 py-2 font-medium">Active</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {rows.map((d) => (
                <tr key={d.id}>
                  <td className="px-4 py-2">
                    <TextLink href={`/admin/users?department=${d.id}`}>{d.name}</TextLink>
                  </td>
                  <td className="px-4 py-2">{d.members}</td>
                  <td className="px-4 py-2">{d.activeMembers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
