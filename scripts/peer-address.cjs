// Loaded before the server (`node -r`): every request carries the address of the peer that opened its connection
// in `x-roster-peer`, replacing anything a client sent under that name (lib/auth/client-address.ts reads it).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload (node -r), loaded before any module system of the app
const http = require("node:http");

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, ...rest) {
  if (event === "request" && request && request.headers) request.headers["x-roster-peer"] = request.socket?.remoteAddress ?? "";
  return emit.call(this, event, request, ...rest);
};
