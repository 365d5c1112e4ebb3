/** Where a video was posted: platform, status (processing / published / failed, with the reason) and the public link. */
import type { PublicationStatus } from "@prisma/client";
import { Badge, BlockStack, InlineStack, Link, Text } from "@shopify/polaris";

export interface PublicationItem {
  id: string;
  platformName: string;
  title: string;
  status: PublicationStatus;
  url: string | null;
  error: string | null;
}

const STATUS: Record<PublicationStatus, { label: string; tone?: "success" | "critical" | "info" | "attention"; active: boolean }> = {
  queued: { label: "Queued", tone: "info", active: true },
  uploading: { label: "Uploading", tone: "info", active: true },
  processing: { label: "Processing", tone: "attention", active: true },
  published: { label: "Published", tone: "success", active: false },
  failed: { label: "Failed", tone: "critical", active: false },
};

export const isPublicationActive = (status: PublicationStatus) => STATUS[status].active;

export function PublicationList({ items, showTitle = false }: { items: PublicationItem[]; showTitle?: boolean }) {
  return (
    <BlockStack gap="200">
      {items.map((item) => {
        const view = STATUS[item.status];
        return (
          <BlockStack key={item.id} gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Text as="span" fontWeight="semibold">
                {item.platformName}
              </Text>
              <Badge tone={view.tone} progress={view.active ? "partiallyComplete" : item.status === "published" ? "complete" : undefined}>
                {view.label}
              </Badge>
              {showTitle ? (
                <Text as="span" tone="subdued" truncate>
                  {item.title}
                </Text>
              ) : null}
              {item.url ? (
                <Link url={item.url} target="_blank" removeUnderline>
                  View on {item.platformName}
                </Link>
              ) : null}
            </InlineStack>
            {item.error ? (
              <Text as="p" tone="critical" variant="bodySm">
                {item.error}
              </Text>
            ) : null}
          </BlockStack>
        );
      })}
    </BlockStack>
  );
}
