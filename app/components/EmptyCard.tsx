/** An empty state that says what is missing and the one thing to do about it. */
import { BlockStack, Box, Button, Card, Text } from "@shopify/polaris";

interface EmptyCardProps {
  heading: string;
  body: string;
  action?: { content: string; url: string };
}

export function EmptyCard({ heading, body, action }: EmptyCardProps) {
  return (
    <Card>
      <Box paddingBlock="800" paddingInline="400">
        <BlockStack gap="300" inlineAlign="center">
          <Text as="h2" variant="headingMd" alignment="center">
            {heading}
          </Text>
          <Text as="p" tone="subdued" alignment="center">
            {body}
          </Text>
          {action ? (
            <Button variant="primary" url={action.url}>
              {action.content}
            </Button>
          ) : null}
        </BlockStack>
      </Box>
    </Card>
  );
}
