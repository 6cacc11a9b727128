import type { Db } from "@/lib/db";
import { csvRow } from "./csv";
import { iterateDirectory } from "./users";

const EXPORT_HEADER =
  "employee_id,email,first_name,last_name,preferred_name,title,department,manager_employee_id,manager_email,phone,location,active,deactivation_date,source";

/** The whole directory as a CSV stream, header first. */
export function directoryCsvStream(db: Db, organizationId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = iterateDirectory(db, organizationId);
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(EXPORT_HEADER + "\r\n"));
        return;
      }
      const chunk: string[] = [];
      for (let i = 0; i < 500; i++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk.length) controller.enqueue(encoder.encode(chunk.join("")));
          controller.close();
          return;
        }
        const u = next.value;
        chunk.push(
          csvRow([
            u.employeeId,
            u.email,
            u.firstName,
            u.lastName,
            u.preferredName,
            u.title,
            u.department,
            u.managerEmployeeId,
            u.managerEmail,
            u.phone,
            u.location,
            u.active,
            u.deactivationDate,
            u.source,
          ]),
        );
      }
      controller.enqueue(encoder.encode(chunk.join("")));
    },
  });
}
