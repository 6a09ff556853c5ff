// @capture of @redact'ed names: the build warns (TSO1009) once per such name and still emits; every
// context shows those names "[REDACTED]" (arguments and localVariables), never their values. Run by
// test/redact-capture.test.ts through tspc and the esbuild plugin, like a fixture of test/fixtures/.

/**
 * @observed auth
 * @redact password
 * @capture password, ok
 */
export function login(user: string, password: string): boolean {
  const ok = user.length > 0 && password.length > 8;
  return ok;
}

/**
 * @observed auth
 * @redact token
 * @capture token, scope, granted
 */
export const withToken = ({ token, scope }: { token: string; scope: string }): number => {
  const granted = token.length + scope.length;
  return granted;
};

/**
 * More than four parameters (the runtime's other argument layout); a failure after the capture.
 * @observed
 * @capture count, secret
 * @redact secret
 */
export function many(a: number, b: number, c: number, d: number, secret: string): number {
  const count = a + b + c + d;
  if (count < 0) throw new Error("negative count");
  return count * secret.length;
}

export async function scenario(): Promise<unknown> {
  let failed = "";
  try {
    many(-4, 1, 1, 1, "s3cret-many-2");
  } catch (e) {
    failed = (e as Error).message;
  }
  return {
    login: [login("ann", "hunter2-ann"), login("bob", "pw-bob")],
    withToken: withToken({ token: "tok-secret", scope: "scope-secret" }),
    many: many(1, 2, 3, 4, "s3cret-many-1"),
    failed,
  };
}

const call = (name: string, outcome = "POST_SUCCESS"): string[] => [`PRE_EXECUTION ${name}`, `${outcome} ${name}`, `COMPLETED ${name}`];

/** What an observer on "*" sees while `scenario` runs. */
export const expectedEvents: string[] = [...call("many", "POST_FAILURE"), ...call("login"), ...call("login"), ...call("withToken"), ...call("many")];
