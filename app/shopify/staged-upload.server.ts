/**
 * Uploads bytes to the target stagedUploadsCreate returned: a form POST with Shopify's fields
 * first and the file last (the order its storage policy requires), or a plain PUT. The
 * resourceUrl it returns is what fileCreate takes as originalSource.
 */
import { ShopifyApiError, throwOnUserErrors } from "./errors";
import type { AdminGraphql } from "./graphql-client.server";
import { STAGED_UPLOADS_CREATE_MUTATION } from "./operations/media";

export async function uploadToStagedTarget(
  admin: AdminGraphql,
  file: { filename: string; mimeType: string; bytes: Buffer; resource?: "IMAGE" | "VIDEO" },
  options: { fetch?: typeof fetch; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<string> {
  const data = await admin.request(STAGED_UPLOADS_CREATE_MUTATION, {
    variables: {
      input: [
        {
          filename: file.filename,
          mimeType: file.mimeType,
          resource: file.resource ?? "IMAGE",
          httpMethod: "POST",
          fileSize: String(file.bytes.length),
        },
      ],
    },
    signal: options.signal,
  });
  throwOnUserErrors("stagedUploadsCreate", data.stagedUploadsCreate?.userErrors);
  const target = data.stagedUploadsCreate?.stagedTargets?.[0];
  if (!target?.url || !target.resourceUrl) throw new ShopifyApiError("graphql", "stagedUploadsCreate returned no target", false);

  const form = new FormData();
  for (const { name, value } of target.parameters) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(target.url, {
      method: "POST",
      body: form,
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new ShopifyApiError("unavailable", `Staged upload failed: ${(error as Error).name}`, true);
  }
  await response.body?.cancel();
  if (!response.ok) {
    throw new ShopifyApiError("unavailable", `Staged upload answered HTTP ${response.status}`, response.status >= 500 || response.status === 429);
  }
  return target.resourceUrl;
}
