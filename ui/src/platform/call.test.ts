// `call` is typed by the generated command map (ui/src/bindings/Commands.ts): a wrong command name,
// a wrong or missing argument key, a wrong argument type or a command the window is not granted is
// a tsc error (`npm run typecheck` fails if any `@ts-expect-error` below stops being one).
import { mockCommands } from "../testing/ipc";
import { call } from "./ipc";

describe("call", () => {
  it("invokes the named command with its camelCase arguments and answers its value", async () => {
    const { calls } = mockCommands({ restore_snapshot: () => ({ job: null, message: "restored", password: null }) });
    const answer = await call("restore_snapshot", { snapshot: "main/s1", serverId: null });
    expect(answer.message).toBe("restored");
    expect(calls).toEqual([["restore_snapshot", { snapshot: "main/s1", serverId: null }]]);
  });

  it("names no command the Rust declaration does not grant the window", () => {
    // Never run: these calls only exist for tsc.
    const unchecked = () => [
      // @ts-expect-error -- no such command
      call("list_acounts", {}),
      // @ts-expect-error -- declared in Rust but not granted to the window (`unused`)
      call("check_account", { name: "main" }),
      // @ts-expect-error -- the argument is `request`, not `req`
      call("add_account", { req: null }),
      // @ts-expect-error -- Tauri's key is camelCase: `serverId`, not `server_id`
      call("restore_snapshot", { snapshot: "main/s1", server_id: null }),
      // @ts-expect-error -- a missing argument
      call("refresh_servers", { accounts: [] }),
      // @ts-expect-error -- a wrong type
      call("server", { address: 42 }),
      // @ts-expect-error -- a command without arguments takes none
      call("jobs", { all: true }),
    ];
    expect(typeof unchecked).toBe("function");
  });
});
