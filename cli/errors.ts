/**
 * The one line a user sees for a failed command. Known failures (bad input, AWS out of reach,
 * no credentials) already say what to fix; anything else names itself, and the stack is shown
 * only on request.
 */
export function userMessage(e: unknown): string {
    const err = e instanceof Error ? e : new Error(String(e));
    if (process.env.S3_LOGGING_DEBUG) return err.stack ?? err.message;
    const known = ["InputError", "NamingError", "AwsUnreachableError", "AwsCredentialsError"].includes(err.name);
    return known ? err.message : `${err.name}: ${err.message} (S3_LOGGING_DEBUG=1 shows where it happened)`;
}
