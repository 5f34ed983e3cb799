// Starts `eniplan serve` on a free loopback port for one test file and stops it afterwards.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

export async function startServer(args = []) {
  const binary = process.env.ENIPLAN_BIN ?? "target/debug/eniplan";
  const child = spawn(binary, ["serve", "--bind", "127.0.0.1:0", "--strategy", "lowest", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("eniplan serve did not start")), 10000);
    lines.on("line", (line) => {
      const match = line.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`eniplan serve exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.on("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}
