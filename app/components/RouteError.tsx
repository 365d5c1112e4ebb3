/**
 * The error state of every page under /app. Session hand-offs thrown by `authenticate.admin`
 * (bounce pages, 401 re-auth) go to Shopify's boundary so embedded auth keeps working; anything
 * else gets a plain explanation and a way to try again, inside the normal admin page frame.
 */
import { isRouteErrorResponse, useNavigate, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { Banner, BlockStack, Card, Page, Text } from "@shopify/polaris";

function isAuthHandOff(error: unknown): boolean {
  return isRouteErrorResponse(error) && (error.status < 400 || error.status === 401);
}

function messageFor(error: unknown): { title: string; body: string } {
  if (isRouteErrorResponse(error) && error.status === 404) {
    return { title: "We couldn't find that", body: "It may have been deleted from your store. Go back and pick another item." };
  }
  if (isRouteErrorResponse(error) && typeof error.data === "string" && error.status < 500 && error.data.length < 300) {
    return { title: "This page couldn't load", body: error.data };
  }
  return {
    title: "This page couldn't load",
    body: "Something went wrong on our side. Nothing was charged. Try again in a moment; if it keeps happening, contact support.",
  };
}

export function RouteError({ pageTitle }: { pageTitle: string }) {
  const error = useRouteError();
  const navigate = useNavigate();
  if (isAuthHandOff(error)) return boundary.error(error);
  const { title, body } = messageFor(error);
  return (
    <Page title={pageTitle}>
      <Card>
        <BlockStack gap="400">
          <Banner
            tone="critical"
            title={title}
            action={{ content: "Try again", onAction: () => navigate(".", { replace: true }) }}
          >
            <Text as="p">{body}</Text>
          </Banner>
        </BlockStack>
      </Card>
    </Page>
  );
}
