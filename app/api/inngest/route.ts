import { inngest } from "@/lib/jobs/client";
import { functions } from "@/lib/jobs/functions";
import { inngestHandlers } from "@/lib/jobs/serve";

export const { GET, POST, PUT } = inngestHandlers(inngest, functions);
