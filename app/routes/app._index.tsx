import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { appContext } from "../app-context.server";
import { ensureShop } from "../models/shops.server";
import { authenticate } from "../shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const ctx = appContext();
  const shop = await ensureShop(ctx, session.shop);
  const inProgress = await ctx.db.generation.count({
    where: { shopId: shop.id, status: { in: ["pending", "analysing", "generating", "validating", "publishing"] } },
  });
  const awaitingReview = await ctx.db.generation.count({ where: { shopId: shop.id, status: "ready_for_review" } });
  return { shop: shop.domain, inProgress, awaitingReview };
}

export default function Home() {
  const { shop, inProgress, awaitingReview } = useLoaderData<typeof loader>();
  return (
    <Page title="Glint">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Welcome to Glint
              </Text>
              <Text as="p">
                {shop}: {inProgress} generations in progress, {awaitingReview} awaiting your review.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
