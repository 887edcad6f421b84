/**
 * The Labelbox Python SDK's wire, for benchmarks that time a flow exactly as SDK users run it: its operation texts
 * sent with a key over HTTP, and its task poll (`user.createdTasks`).
 */
const TASK =
  'query GetUserCreatedTasksPyApi($param_0: ID!, $param_1: ID!){user(where: {id: $param_1}){createdTasks(where: {id: $param_0} skip: 0 first: 100){status errors metadata}}}';

export type SdkClient = { url: string; key: string; userId: string };

export async function gql<T>(c: SdkClient, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${c.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${c.key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T | null; errors?: unknown };
  if (!res.ok || body.errors || !body.data) throw new Error(`${res.status}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** One poll of a task the caller created, as `Task.wait_till_done` polls it; undefined when it is not listed. */
export async function createdTask(
  c: SdkClient,
  taskId: string,
): Promise<{ status: string; errors: unknown } | undefined> {
  const data = await gql<{ user: { createdTasks: Array<{ status: string; errors: unknown }> } }>(c, TASK, {
    param_0: taskId,
    param_1: c.userId,
  });
  return data.user.createdTasks[0];
}
