/**
 * Publishing as the merchant meets it, through the real routes: the Channels page connects an
 * account (consent on the simulated platform, back through the callback route into the app), the
 * publish API posts a video and reports its status, and a revoked grant shows up as a "Reconnect"
 * prompt on the Channels page and in the publish dialog's data.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUEUE } from "../../app/jobs/queues";
import { WorkerRuntime } from "../../app/jobs/runtime.server";
import { SOCIAL_PUBLISH_JOB, socialPublishHandler } from "../../app/jobs/social-publish";
import { SOCIAL_STATUS_JOB, socialStatusHandler } from "../../app/jobs/social-status";
import type { ChannelView, PublicationView } from "../../app/publishing/views";
import { TEST_REDIS_URL } from "../support/harness";
import { apiRequest, APP_URL, startAppUnderTest, type AppUnderTest } from "../security/support/app-under-test";
import { consent, seedVideoGeneration, startPublishingSims, type PublishingSims } from "./publishing-harness";

let app: AppUnderTest;
let sims: PublishingSims;
let runtime: WorkerRuntime;
let channels: { loader: (args: LoaderFunctionArgs) => Promise<unknown>; action: (args: ActionFunctionArgs) => Promise<Response> };

beforeAll(async () => {
  sims = await startPublishingSims();
  app = await startAppUnderTest({ env: sims.env });
  const ctx = app.test.ctx;
  runtime = new WorkerRuntime(
    { [QUEUE.social]: { [SOCIAL_PUBLISH_JOB]: socialPublishHandler(ctx), [SOCIAL_STATUS_JOB]: socialStatusHandler(ctx) } },
    { connection: { url: TEST_REDIS_URL }, prefix: app.test.prefix, log: ctx.log, defaultConcurrency: 4 },
  ).start();
  // Imported once the environment points at the simulators (shopify.server reads it at import).
  channels = await import("../../app/routes/app.channels");
});
afterAll(async () => {
  await runtime?.stop(2_000);
  await app?.close();
  await sims?.close();
});

const shopA = () => app.shops.a;

async function channelsPage(shop = shopA().domain): Promise<{ channels: ChannelView[]; publications: PublicationView[] }> {
  return (await channels.loader({ request: apiRequest("/app/channels", { token: app.token(shop) }), params: {}, context: {} })) as never;
}

async function channelsAction(body: unknown, shop = shopA().domain): Promise<Response> {
  return channels.action({ request: apiRequest("/app/channels", { method: "POST", token: app.token(shop), body }), params: {}, context: {} });
}

/** Connect pressed on the Channels page, Allow pressed on the platform, the browser lands on the callback. */
async function connectThroughPages(platform: "tiktok" | "youtube"): Promise<Response> {
  const { authorizeUrl } = (await (await channelsAction({ intent: "connect", platform })).json()) as { authorizeUrl: string };
  const callback = await consent(authorizeUrl);
  expect(`${callback.origin}${callback.pathname}`).toBe(`${APP_URL}/channels/${platform}/callback`);
  return app.call("channels.$platform.callback", new Request(callback), { platform });
}

async function publicationsApi(generationId: string, init: { method?: string; body?: unknown } = {}) {
  const response = await app.call("api.generations.$id.publications", apiRequest(`/api/generations/${generationId}/publications`, { token: app.token(shopA().domain), ...init }), { id: generationId });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function waitPublished(generationId: string): Promise<PublicationView[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { body } = await publicationsApi(generationId);
    const publications = body.publications as PublicationView[];
    if (publications.length && publications.every((p) => p.status === "published" || p.status === "failed")) return publications;
    if (Date.now() > deadline) throw new Error(`publications still running: ${JSON.stringify(publications)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("Channels page and publish API", () => {
  it("starts with both platforms offered, not connected", async () => {
    const page = await channelsPage();
    expect(page.channels.map((c) => [c.platform, c.state])).toEqual([
      ["tiktok", "not_connected"],
      ["youtube", "not_connected"],
    ]);
  });

  it("connects both accounts through the consent pages and the callback, back into the embedded app", async () => {
    for (const platform of ["tiktok", "youtube"] as const) {
      const response = await connectThroughPages(platform);
      expect(response.status).toBe(302);
      const handle = shopA().domain.replace(/\.myshopify\.com$/, "");
      expect(response.headers.get("location")).toBe(`${app.sim.url}/admin/store/${handle}/apps/${app.apiKey}/app/channels?connected=${platform}`);
    }
    const page = await channelsPage();
    expect(page.channels).toEqual([
      expect.objectContaining({ platform: "tiktok", state: "connected", accountName: "Glint Demo Creator", handle: "glint.demo", reconnectMessage: null }),
      expect.objectContaining({ platform: "youtube", state: "connected", accountName: "Glint Demo Channel", handle: "@glintdemo" }),
    ]);
    // Another shop sees none of it.
    expect((await channelsPage(app.shops.b.domain)).channels.every((c) => c.state === "not_connected")).toBe(true);
  });

  it("lands back on Channels inside the (simulated) Shopify admin", async () => {
    const handle = shopA().domain.replace(/\.myshopify\.com$/, "");
    const admin = await (await fetch(`${app.sim.url}/admin/store/${handle}/apps/${app.apiKey}/app/channels?connected=tiktok`)).text();
    const iframe = new URL(/id="app-iframe"[^>]*src="([^"]+)"/.exec(admin)?.[1].replaceAll("&#38;", "&") ?? "");
    expect(`${iframe.origin}${iframe.pathname}`).toBe(`${APP_URL}/app/channels`);
    expect(iframe.searchParams.get("connected")).toBe("tiktok");
    expect(iframe.searchParams.get("shop")).toBe(shopA().domain);
  });

  it("answers a forged callback with a page saying the link is not valid, and connects nothing", async () => {
    const response = await app.call(
      "channels.$platform.callback",
      new Request(`${APP_URL}/channels/tiktok/callback?code=stolen&state=${encodeURIComponent("eyJzaG9wIjoidmljdGltLWIifQ.forged")}`),
      { platform: "tiktok" },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("not valid or has expired");
    expect((await channelsPage(app.shops.b.domain)).channels[0].state).toBe("not_connected");
  });

  it("prefills the dialog from the product, publishes to both platforms and reports the public links", async () => {
    const { generation } = await seedVideoGeneration(app.test.ctx, shopA().id, { handle: "ceramic-mug" });
    const panel = await publicationsApi(generation.id);
    expect(panel.status).toBe(200);
    expect(panel.body.defaults).toMatchObject({ title: "Ceramic Mug", hashtags: "#mug", productUrl: `https://${shopA().domain}/products/ceramic-mug` });

    const posted = await publicationsApi(generation.id, { method: "POST", body: { platforms: ["tiktok", "youtube"], title: "Ceramic Mug", description: "Made by hand.", hashtags: "#mug", productUrl: `https://${shopA().domain}/products/ceramic-mug` } });
    expect(posted.status).toBe(202);
    const publications = await waitPublished(generation.id);
    expect(publications.map((p) => [p.platform, p.status])).toEqual(
      expect.arrayContaining([
        ["tiktok", "published"],
        ["youtube", "published"],
      ]),
    );
    expect(publications.find((p) => p.platform === "tiktok")?.url).toMatch(new RegExp(`^${sims.tiktok.url}/@glint\\.demo/video/\\d+$`));
    expect(publications.find((p) => p.platform === "youtube")?.url).toMatch(new RegExp(`^${sims.youtube.url}/watch\\?v=`));
    // The Channels page lists them too.
    expect((await channelsPage()).publications.filter((p) => p.generationId === generation.id)).toHaveLength(2);
  });

  it("shows a Reconnect TikTok prompt after the merchant revoked access on TikTok", async () => {
    sims.tiktok.revokeAll();
    const { generation } = await seedVideoGeneration(app.test.ctx, shopA().id);
    const posted = await publicationsApi(generation.id, { method: "POST", body: { platforms: ["tiktok"], title: "Ceramic Mug" } });
    expect(posted.status).toBe(202);
    const [failed] = await waitPublished(generation.id);
    expect(failed).toMatchObject({ status: "failed", error: expect.stringContaining("Reconnect TikTok in Channels") });

    const page = await channelsPage();
    const tiktok = page.channels.find((c) => c.platform === "tiktok");
    expect(tiktok).toMatchObject({ state: "needs_reconnect", reconnectMessage: expect.stringContaining("Reconnect TikTok") });
    expect(page.channels.find((c) => c.platform === "youtube")?.state).toBe("connected");

    const panel = await publicationsApi(generation.id);
    expect((panel.body.channels as ChannelView[]).find((c) => c.platform === "tiktok")?.state).toBe("needs_reconnect");
    const again = await publicationsApi(generation.id, { method: "POST", body: { platforms: ["tiktok"], title: "Ceramic Mug" } });
    expect(again.status).toBe(409);
    expect(again.body.results).toEqual([{ platform: "tiktok", publication: null, error: { code: "reconnect_required", message: expect.stringContaining("Reconnect TikTok") } }]);

    // Reconnecting clears the prompt.
    expect((await connectThroughPages("tiktok")).status).toBe(302);
    expect((await channelsPage()).channels.find((c) => c.platform === "tiktok")?.state).toBe("connected");
  });

  it("keeps one shop's videos out of another shop's reach", async () => {
    const { generation } = await seedVideoGeneration(app.test.ctx, app.shops.b.id);
    expect((await publicationsApi(generation.id)).status).toBe(404);
    const posted = await publicationsApi(generation.id, { method: "POST", body: { platforms: ["youtube"], title: "Not mine" } });
    expect(posted.body.results).toEqual([{ platform: "youtube", publication: null, error: expect.objectContaining({ code: "invalid_publication" }) }]);
  });

  it("disconnects an account: the tokens are forgotten and the platform revokes them", async () => {
    const response = await channelsAction({ intent: "disconnect", platform: "youtube" });
    expect(await response.json()).toEqual({ disconnected: "YouTube" });
    const account = await app.test.ctx.db.socialAccount.findFirstOrThrow({ where: { shopId: shopA().id, platform: "youtube" } });
    expect(account).toMatchObject({ status: "disconnected", accessTokenEnc: null, refreshTokenEnc: null });
    expect((await channelsPage()).channels.find((c) => c.platform === "youtube")?.state).toBe("not_connected");
  });
});
