import { env } from "@/lib/env";
import { parseArgs } from "node:util";
import { createOrganizationWithAdmin } from "@/lib/auth/organizations";
import { closeDatabase, getDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

const usage = 'Usage: npm run admin:create -- --org "Acme" --email admin@acme.test --password "at least 10 chars"';

async function main() {
  env(); // the whole configuration, checked before anything else
  const { values } = parseArgs({
    options: {
      org: { type: "string" },
      email: { type: "string" },
      password: { type: "string" },
      "first-name": { type: "string", default: "" },
      "last-name": { type: "string", default: "" },
    },
  });
  if (!values.org || !values.email || !values.password) throw new Error(usage);
  await migrateDatabase();
  const { organization, admin } = await createOrganizationWithAdmin(await getDb(), {
    organizationName: values.org,
    email: values.email,
    password: values.password,
    firstName: values["first-name"],
    lastName: values["last-name"],
  });
  console.log(`Created organization "${organization.name}" (slug ${organization.slug}) with admin ${admin.email}.`);
}

main()
  .catch((err) => {
    const issues = (err as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
    console.error(issues ? issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n") : (err as Error).message);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
