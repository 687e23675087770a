// server.mjs - starts the real modelscale binary on a free loopback port
// for the Node tests, and stops it.
import { spawn } from "node:child_process";

export async function startServer(binary, args = []) {
  const proc = spawn(binary, ["--bind", "127.0.0.1", "--port", "0",
                              "--access-log", "off", ...args],
                     { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("no startup line")), 10000);
    proc.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.on("exit", (code) => reject(new Error(`exited with ${code}`)));
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      proc.on("exit", resolve);
      proc.kill("SIGTERM");
    }),
  };
}
