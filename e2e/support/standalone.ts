import { spawn, type SpawnOptions } from "node:child_process";

/** What `npm run build` makes and `npm start` and the container run: the tests start the same server. */
export const STANDALONE_SERVER = ".next/standalone/server.js";

/** The standalone server on 127.0.0.1:`port`, with `env` added to this process's environment. */
export function startStandalone(port: number, env: NodeJS.ProcessEnv, stdio: SpawnOptions["stdio"] = "pipe") {
  return spawn(process.execPath, [STANDALONE_SERVER], {
    stdio,
    env: { ...process.env, ...env, PORT: String(port), HOSTNAME: "127.0.0.1" },
  });
}
