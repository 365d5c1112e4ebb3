/**
 * The "Generate images" dialog for a selection of products: what to make, how many, and what it
 * will cost against the balance, shown before anything is confirmed. When the balance cannot
 * cover it, the dialog says so plainly and offers the way out instead of a Generate button.
 */
import { Banner, BlockStack, ChoiceList, InlineStack, Modal, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { formatCredits } from "./format";
import { AUTOMATIC_STYLE, STYLE_CHOICES } from "./styles";

export interface GenerateRequest {
  styles: string[];
  imagesPerStyle: number;
}

interface GenerateModalProps {
  open: boolean;
  productCount: number;
  balance: number;
  creditsPerImage: number;
  submitting: boolean;
  /** A refusal from the server (e.g. credits spent elsewhere meanwhile), shown as is. */
  error?: string;
  onClose(): void;
  onConfirm(request: GenerateRequest): void;
}

const MODE_CHOICES = [
  { value: AUTOMATIC_STYLE, label: "Let Glint pick the best style for each product" },
  { value: "choose", label: "Choose styles myself" },
];

const COUNT_OPTIONS = ["1", "2", "3", "4"].map((n) => ({ value: n, label: n === "1" ? "1 image" : `${n} images` }));

export function creditsNeeded(productCount: number, styleCount: number, imagesPerStyle: number, creditsPerImage: number): number {
  return productCount * Math.max(styleCount, 1) * imagesPerStyle * creditsPerImage;
}

export function GenerateModal({ open, productCount, balance, creditsPerImage, submitting, error, onClose, onConfirm }: GenerateModalProps) {
  const [mode, setMode] = useState(AUTOMATIC_STYLE);
  const [styles, setStyles] = useState<string[]>(["lifestyle"]);
  const [imagesPerStyle, setImagesPerStyle] = useState(1);

  const chosen = mode === AUTOMATIC_STYLE ? [AUTOMATIC_STYLE] : styles;
  const needed = creditsNeeded(productCount, chosen.length, imagesPerStyle, creditsPerImage);
  const shortBy = needed - balance;
  const nothingChosen = chosen.length === 0;
  const products = productCount === 1 ? "1 product" : `${productCount} products`;

  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Generate images for ${products}`}
      primaryAction={{
        content: `Generate for ${formatCredits(needed)}`,
        disabled: shortBy > 0 || nothingChosen,
        loading: submitting,
        onAction: () => onConfirm({ styles: chosen, imagesPerStyle }),
      }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          <ChoiceList title="Style" choices={MODE_CHOICES} selected={[mode]} onChange={([value]) => setMode(value)} />
          {mode === AUTOMATIC_STYLE ? null : (
            <ChoiceList
              title="Styles to create"
              allowMultiple
              choices={STYLE_CHOICES}
              selected={styles}
              onChange={setStyles}
              error={nothingChosen ? "Pick at least one style." : undefined}
            />
          )}
          <Select
            label={mode === AUTOMATIC_STYLE ? "Images per product" : "Images per style"}
            options={COUNT_OPTIONS}
            value={String(imagesPerStyle)}
            onChange={(value) => setImagesPerStyle(Number(value))}
          />
        </BlockStack>
      </Modal.Section>
      <Modal.Section>
        <BlockStack gap="300">
          <InlineStack align="space-between">
            <Text as="span">Credits needed</Text>
            <Text as="span" fontWeight="semibold">
              {formatCredits(needed)}
            </Text>
          </InlineStack>
          <InlineStack align="space-between">
            <Text as="span">Your balance</Text>
            <Text as="span" fontWeight="semibold">
              {formatCredits(balance)}
            </Text>
          </InlineStack>
          {shortBy > 0 ? (
            <Banner tone="critical" title="Not enough credits" action={{ content: "Buy credits", url: "/app/billing" }}>
              <Text as="p">
                This needs {formatCredits(needed)} and you have {formatCredits(balance)}. Buy {formatCredits(shortBy)} or more, or
                select fewer products.
              </Text>
            </Banner>
          ) : (
            <Text as="p" tone="subdued">
              Credits are held now and charged only for images you publish. Failed or rejected images cost nothing.
            </Text>
          )}
          {error ? (
            <Banner tone="critical" title="Generation didn't start">
              <Text as="p">{error}</Text>
            </Banner>
          ) : null}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
