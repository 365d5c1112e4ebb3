/**
 * Settings: default styles and brand guidance, approval vs auto-publish, spending limits, model
 * budget (advanced), and automation rules for new products. The form saves as one unit; App
 * Bridge's save bar appears while there are unsaved changes, with the same Save in the page header.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  InlineStack,
  Layout,
  Modal,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { z } from "zod";
import { handleApi, readJson } from "../api.server";
import { appContext } from "../app-context.server";
import { readSpendingSettings } from "../billing/spending-settings";
import { RouteError } from "../components/RouteError";
import { FALLBACK_DEFAULT_STYLE, SHOT_STYLE_KEYS, STYLE_CHOICES, styleLabel } from "../components/styles";
import { showToast } from "../components/toast";
import { parseBrandKit } from "../intelligence/brand-kit";
import { BUDGET_PREFERENCES, readIntelligenceSettings } from "../intelligence/intelligence-settings";
import { createRule, deleteRule, listRules, previewRule, ruleInputSchema, updateRule } from "../models/automation.server";
import { APPROVAL_MODES, readGeneralSettings, updatePreferences } from "../models/shop-settings.server";
import { ensureShop } from "../models/shops.server";
import { authenticate } from "../shopify.server";
import { adminGraphqlFor } from "../shopify/admin-client.server";

const SAVE_BAR_ID = "glint-settings-save-bar";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const ctx = appContext();
  const shop = await ensureShop(ctx, session.shop);
  const general = readGeneralSettings(shop.settings);
  const spending = readSpendingSettings(shop.settings);
  const brand = parseBrandKit(shop.brandKit);
  const rules = await listRules(ctx, session.shop);
  return {
    form: {
      // Until the merchant picks, generation uses the fallback style: show it as the choice.
      defaultStyles: general.defaultStyles.length ? general.defaultStyles : [FALLBACK_DEFAULT_STYLE],
      approvalMode: general.approvalMode,
      tone: brand.tone,
      colours: brand.colours.join(", "),
      propsToAvoid: brand.propsToAvoid.join(", "),
      dailyCreditCap: spending.dailyCreditCap ? String(spending.dailyCreditCap) : "",
      monthlyCreditCap: spending.monthlyCreditCap ? String(spending.monthlyCreditCap) : "",
      automationDailyCreditCap: spending.automationDailyCreditCap ? String(spending.automationDailyCreditCap) : "",
      autoOverage: spending.autoOverage,
      alertThresholdsUsd: (spending.alertThresholdsUsd ?? []).join(", "),
      budgetPreference: readIntelligenceSettings(shop.settings).budgetPreference as string,
    },
    rules: rules.map((r) => ({
      id: r.id,
      name: r.name,
      enabled: r.enabled,
      styles: r.styles,
      autoPublish: r.autoPublish,
      scope: r.scope,
      dailyProductCap: r.dailyProductCap,
    })),
  };
}

type SettingsForm = ReturnType<typeof useLoaderData<typeof loader>>["form"];

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const optionalCap = z.preprocess((v) => (v === "" ? undefined : Number(v)), z.number().int().positive("Limits are whole numbers above 0").optional());

const saveSchema = z.object({
  intent: z.literal("save"),
  defaultStyles: z.array(z.enum(SHOT_STYLE_KEYS)).min(1, "Pick at least one default style").max(5),
  approvalMode: z.enum(APPROVAL_MODES),
  tone: z.string().max(200),
  colours: z.string().refine((v) => list(v).every((c) => /^#[0-9a-f]{6}$/i.test(c)), "Brand colours are hex codes like #1a2b3c, separated by commas"),
  propsToAvoid: z.string().max(1000),
  dailyCreditCap: optionalCap,
  monthlyCreditCap: optionalCap,
  automationDailyCreditCap: optionalCap,
  autoOverage: z.boolean(),
  alertThresholdsUsd: z.string().refine((v) => list(v).every((n) => /^\d+$/.test(n) && Number(n) > 0), "Alert amounts are whole dollars, separated by commas"),
  budgetPreference: z.enum(BUDGET_PREFERENCES),
});

const ruleSchema = z.object({
  intent: z.enum(["createRule", "previewRule"]),
  name: z.string(),
  productTypes: z.string(),
  vendors: z.string(),
  tags: z.string(),
  styles: z.array(z.string()),
  autoPublish: z.boolean(),
  dailyProductCap: z.string(),
});

const settingsActionSchema = z.union([
  saveSchema,
  ruleSchema,
  z.object({ intent: z.literal("toggleRule"), ruleId: z.string(), enabled: z.boolean() }),
  z.object({ intent: z.literal("deleteRule"), ruleId: z.string() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session, shop }) => {
    const body = await readJson(request, settingsActionSchema);
    switch (body.intent) {
      case "save":
        await updatePreferences(ctx, shop.id, {
          general: { defaultStyles: body.defaultStyles, approvalMode: body.approvalMode },
          spending: {
            dailyCreditCap: body.dailyCreditCap,
            monthlyCreditCap: body.monthlyCreditCap,
            automationDailyCreditCap: body.automationDailyCreditCap,
            autoOverage: body.autoOverage,
            alertThresholdsUsd: list(body.alertThresholdsUsd).length ? list(body.alertThresholdsUsd).map(Number) : undefined,
          },
          budgetPreference: body.budgetPreference,
          brandKit: { tone: body.tone, colours: list(body.colours), propsToAvoid: list(body.propsToAvoid) },
        });
        return { saved: "Settings saved" };
      case "createRule":
      case "previewRule": {
        const input = ruleInputSchema.parse({
          name: body.name,
          scope: { collections: [], productTypes: list(body.productTypes), vendors: list(body.vendors), tags: list(body.tags) },
          styles: body.styles,
          autoPublish: body.autoPublish,
          dailyProductCap: body.dailyProductCap ? Number(body.dailyProductCap) : null,
        });
        if (body.intent === "previewRule") {
          return { preview: await previewRule(adminGraphqlFor(ctx, session.shop, session.accessToken ?? ""), input) };
        }
        await createRule(ctx, session.shop, input);
        return { saved: "Rule created" };
      }
      case "toggleRule": {
        const rule = (await listRules(ctx, session.shop)).find((r) => r.id === body.ruleId);
        if (!rule) return { saved: "That rule no longer exists" };
        await updateRule(ctx, session.shop, rule.id, { ...rule, enabled: body.enabled, activeHours: rule.activeHours });
        return { saved: body.enabled ? "Rule turned on" : "Rule turned off" };
      }
      case "deleteRule":
        await deleteRule(ctx, session.shop, body.ruleId);
        return { saved: "Rule deleted" };
    }
  });
}

type SettingsActionResult =
  | { saved: string }
  | { preview: { matched: number; considered: number; examples: string[] } }
  | { error: { message: string } };

function useSettingsAction() {
  const fetcher = useFetcher<SettingsActionResult>();
  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data) return;
    if ("saved" in data) showToast(data.saved);
    if ("error" in data) showToast(data.error.message, { isError: true });
  }, [fetcher.state, fetcher.data]);
  return {
    fetcher,
    submit: (body: Record<string, unknown>) => fetcher.submit(body as never, { method: "post", encType: "application/json" }),
    busy: fetcher.state !== "idle",
    error: fetcher.data && "error" in fetcher.data ? fetcher.data.error.message : undefined,
  };
}

const EMPTY_RULE = { name: "", productTypes: "", vendors: "", tags: "", styles: ["lifestyle"], autoPublish: false, dailyProductCap: "20" };

function RuleModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const [rule, setRule] = useState(EMPTY_RULE);
  const save = useSettingsAction();
  const preview = useSettingsAction();
  const set = <K extends keyof typeof EMPTY_RULE>(key: K) => (value: (typeof EMPTY_RULE)[K]) => setRule((r) => ({ ...r, [key]: value }));
  const previewData = preview.fetcher.data && "preview" in preview.fetcher.data ? preview.fetcher.data.preview : null;
  useEffect(() => {
    if (save.fetcher.state === "idle" && save.fetcher.data && "saved" in save.fetcher.data) {
      setRule(EMPTY_RULE);
      onClose();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [save.fetcher.state, save.fetcher.data]);
  return (
    <Modal
      open={open}
      onClose={onClose}
      title="New automation rule"
      primaryAction={{ content: "Create rule", loading: save.busy, onAction: () => save.submit({ intent: "createRule", ...rule }) }}
      secondaryActions={[
        { content: "Preview matches", loading: preview.busy, onAction: () => preview.submit({ intent: "previewRule", ...rule }) },
        { content: "Cancel", onAction: onClose },
      ]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <TextField label="Rule name" value={rule.name} onChange={set("name")} autoComplete="off" placeholder="New summer products" />
          <Text as="p" tone="subdued">
            Which new products? Leave a field empty to match any. Separate several values with commas.
          </Text>
          <TextField label="Product types" value={rule.productTypes} onChange={set("productTypes")} autoComplete="off" />
          <TextField label="Vendors" value={rule.vendors} onChange={set("vendors")} autoComplete="off" />
          <TextField label="Tags" value={rule.tags} onChange={set("tags")} autoComplete="off" />
          <ChoiceList title="Styles to create" allowMultiple choices={STYLE_CHOICES} selected={rule.styles} onChange={set("styles")} />
          <TextField label="At most this many products a day" type="number" min={1} value={rule.dailyProductCap} onChange={set("dailyProductCap")} autoComplete="off" />
          <Checkbox label="Publish without waiting for my approval" checked={rule.autoPublish} onChange={set("autoPublish")} />
          {save.error ? <Banner tone="critical">{save.error}</Banner> : null}
          {preview.error ? <Banner tone="critical">{preview.error}</Banner> : null}
          {previewData ? (
            <Banner tone="info" title={`Would have matched ${previewData.matched} of your last ${previewData.considered} new products`}>
              {previewData.examples.length ? <Text as="p">For example: {previewData.examples.join(", ")}</Text> : null}
            </Banner>
          ) : null}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

export default function SettingsPage() {
  const { form: saved, rules } = useLoaderData<typeof loader>();
  const [form, setForm] = useState<SettingsForm>(saved);
  const [ruleModal, setRuleModal] = useState(false);
  const save = useSettingsAction();
  const rulesAction = useSettingsAction();
  // After a save the loader returns the stored values; they become the new baseline.
  useEffect(() => setForm(saved), [saved]);
  const dirty = useMemo(() => JSON.stringify(form) !== JSON.stringify(saved), [form, saved]);
  const set = <K extends keyof SettingsForm>(key: K) => (value: SettingsForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const onSave = () => save.submit({ intent: "save", ...form });
  const onDiscard = () => setForm(saved);
  // App Bridge defines <ui-save-bar> in Shopify's admin; without it (server render, a stand-in) the header Save is the way.
  const [saveBarAvailable, setSaveBarAvailable] = useState(false);
  useEffect(() => setSaveBarAvailable(Boolean(window.customElements?.get("ui-save-bar"))), []);

  return (
    <Page
      title="Settings"
      primaryAction={{ content: "Save", disabled: !dirty, loading: save.busy, onAction: onSave }}
      secondaryActions={dirty ? [{ content: "Discard changes", onAction: onDiscard }] : []}
    >
      {saveBarAvailable ? (
        <SaveBar id={SAVE_BAR_ID} open={dirty}>
          <button variant="primary" onClick={onSave} disabled={save.busy}></button>
          <button onClick={onDiscard}></button>
        </SaveBar>
      ) : null}
      <Layout>
        {save.error ? (
          <Layout.Section>
            <Banner tone="critical" title="Your settings weren't saved">
              <Text as="p">{save.error}</Text>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.AnnotatedSection title="Style and brand" description="What new images look like unless you choose otherwise.">
          <Card>
            <BlockStack gap="400">
              <ChoiceList title="Default styles" allowMultiple choices={STYLE_CHOICES} selected={form.defaultStyles} onChange={set("defaultStyles")} />
              <TextField label="Brand tone" value={form.tone} onChange={set("tone")} autoComplete="off" maxLength={200} placeholder="Warm, natural light, minimal props" helpText="A few words about the mood of your photos." />
              <TextField label="Brand colours" value={form.colours} onChange={set("colours")} autoComplete="off" placeholder="#f4efe6, #2d3a2e" helpText="Hex codes, separated by commas." />
              <TextField label="Never show" value={form.propsToAvoid} onChange={set("propsToAvoid")} autoComplete="off" placeholder="alcohol, pets" helpText="Props or settings to keep out of your images, separated by commas." />
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection title="Publishing" description="Decide whether new images wait for you.">
          <Card>
            <ChoiceList
              title="When an image is ready"
              choices={[
                { value: "review", label: "Wait for my approval", helpText: "Images appear in Review; nothing changes in your store until you approve." },
                { value: "auto_publish", label: "Publish automatically", helpText: "Images that pass Glint's quality checks go straight to the product." },
              ]}
              selected={[form.approvalMode]}
              onChange={([v]) => set("approvalMode")(v as SettingsForm["approvalMode"])}
            />
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection title="Spending limits" description="Glint stops starting new images when a limit is reached. Leave empty for no limit.">
          <Card>
            <BlockStack gap="400">
              <TextField label="Credits per day" type="number" min={1} value={form.dailyCreditCap} onChange={set("dailyCreditCap")} autoComplete="off" />
              <TextField label="Credits per month" type="number" min={1} value={form.monthlyCreditCap} onChange={set("monthlyCreditCap")} autoComplete="off" />
              <TextField label="Credits per day for automation rules" type="number" min={1} value={form.automationDailyCreditCap} onChange={set("automationDailyCreditCap")} autoComplete="off" />
              <TextField label="Alert me when daily spend passes (USD)" value={form.alertThresholdsUsd} onChange={set("alertThresholdsUsd")} autoComplete="off" placeholder="5, 20" helpText="Whole dollars, separated by commas." />
              <Checkbox label="Buy extra credits on my plan when I run out" checked={form.autoOverage} onChange={set("autoOverage")} helpText="Billed by Shopify at your plan's extra-credit price, up to the plan's monthly maximum." />
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection title="AI models (advanced)" description="How Glint balances cost and quality when it picks a model.">
          <Card>
            <ChoiceList
              title="Model budget"
              choices={[
                { value: "economy", label: "Economy", helpText: "Cheapest models that pass the quality checks." },
                { value: "balanced", label: "Balanced", helpText: "Recommended: good results at a fair price." },
                { value: "premium", label: "Premium", helpText: "Best models, more credits per image." },
              ]}
              selected={[form.budgetPreference]}
              onChange={([v]) => set("budgetPreference")(v)}
            />
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection title="Automation" description="Create images for new products as soon as you add them in Shopify.">
          <Card>
            <BlockStack gap="400">
              {rules.length === 0 ? (
                <Text as="p" tone="subdued">
                  No rules yet. A rule picks new products by type, vendor or tag and creates the styles you choose.
                </Text>
              ) : (
                rules.map((rule) => (
                  <InlineStack key={rule.id} align="space-between" blockAlign="center" gap="300">
                    <BlockStack gap="050">
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="h3" variant="headingSm">
                          {rule.name}
                        </Text>
                        {rule.enabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
                      </InlineStack>
                      <Text as="p" tone="subdued" variant="bodySm">
                        {rule.styles.map(styleLabel).join(", ")} · {rule.autoPublish ? "publishes automatically" : "waits for approval"}
                        {rule.dailyProductCap ? ` · up to ${rule.dailyProductCap} products a day` : ""}
                      </Text>
                    </BlockStack>
                    <InlineStack gap="200">
                      <Button size="slim" onClick={() => rulesAction.submit({ intent: "toggleRule", ruleId: rule.id, enabled: !rule.enabled })} accessibilityLabel={`${rule.enabled ? "Turn off" : "Turn on"} ${rule.name}`}>
                        {rule.enabled ? "Turn off" : "Turn on"}
                      </Button>
                      <Button size="slim" tone="critical" variant="plain" onClick={() => rulesAction.submit({ intent: "deleteRule", ruleId: rule.id })} accessibilityLabel={`Delete ${rule.name}`}>
                        Delete
                      </Button>
                    </InlineStack>
                  </InlineStack>
                ))
              )}
              <InlineStack>
                <Button onClick={() => setRuleModal(true)}>Add rule</Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
      <RuleModal open={ruleModal} onClose={() => setRuleModal(false)} />
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError pageTitle="Settings" />;
}
