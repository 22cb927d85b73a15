import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { grpcTlsOf, grpcTlsSchema, loadConfig } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "grpc-tls-config-"));
const pem = (name: string) => {
  writeFileSync(join(dir, name), `-----BEGIN ${name}-----\n`);
  return join(dir, name);
};
const tlsOf = (env: Record<string, string>) => grpcTlsOf(loadConfig(grpcTlsSchema, env));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the gRPC server's TLS settings", () => {
  it("serve plaintext when none is set, and read the files when they are", () => {
    expect(tlsOf({})).toBeUndefined();
    const tls = tlsOf({ GRPC_TLS_CERT: pem("CERT"), GRPC_TLS_KEY: pem("KEY") });
    expect(tls?.cert.toString()).toBe("-----BEGIN CERT-----\n");
    expect(tls?.key.toString()).toBe("-----BEGIN KEY-----\n");
    expect(tls?.clientCa).toBeUndefined();
    expect(tlsOf({ GRPC_TLS_CERT: pem("CERT"), GRPC_TLS_KEY: pem("KEY"), GRPC_TLS_CLIENT_CA: pem("CA") })?.clientCa?.toString()).toBe(
      "-----BEGIN CA-----\n",
    );
  });

  it("name what is wrong: a key without its certificate, a client CA without TLS, a file that cannot be read", () => {
    expect(() => tlsOf({ GRPC_TLS_KEY: pem("KEY") })).toThrow(/GRPC_TLS_CERT and GRPC_TLS_KEY: set both or neither/);
    expect(() => tlsOf({ GRPC_TLS_CLIENT_CA: pem("CA") })).toThrow(/GRPC_TLS_CLIENT_CA: requires GRPC_TLS_CERT and GRPC_TLS_KEY/);
    expect(() => tlsOf({ GRPC_TLS_CERT: pem("CERT"), GRPC_TLS_KEY: join(dir, "absent.key") })).toThrow(
      `GRPC_TLS_KEY: cannot read ${join(dir, "absent.key")} (ENOENT)`,
    );
  });
});
