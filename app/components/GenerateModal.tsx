/**
 * The "Generate images" dialog for a selection of products: what to make, how many, and what it
 * will cost against the balance, shown before anything is confirmed. When the balance cannot
 * cover it, the dialog says so plainly and offers the way out instead of a Generate button.
 */
import { Banner, BlockStack, ChoiceList, InlineStack, Modal, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { formatCredits } from "./format";
import { STYLE_CHOICES, styleLabel } from "./styles";

export interface GenerateRequest {
  styles: string[];
  imagesPerStyle: number;
}

interface GenerateModalProps {
  open: boolean;
  productCount: number;
  /** What the images are for when not "N products", e.g. one colour of a product. */
  subject?: string;
  balance: number;
  /** Credits one image costs in each style (the model Glint tries first). */
  creditsPerStyle: Record<string, number>;
  /** The merchant's default style (Settings), used unless they choose styles here. */
  defaultStyle: string;
  submitting: boolean;
  /** A refusal from the server (e.g. credits spent elsewhere meanwhile), shown as is. */
  error?: string;
  onClose(): void;
  onConfirm(request: GenerateRequest): void;
}

const DEFAULT_MODE = "default";
const CHOOSE_MODE = "choose";

const COUNT_OPTIONS = ["1", "2", "3", "4"].map((n) => ({ value: n, label: n === "1" ? "1 image" : `${n} images` }));

export function creditsNeeded(productCount: number, styles: string[], imagesPerStyle: number, creditsPerStyle: Record<string, number>): number {
  return productCount * imagesPerStyle * styles.reduce((sum, style) => sum + (creditsPerStyle[style] ?? 0), 0);
}

export function GenerateModal({ open, productCount, subject, balance, creditsPerStyle, defaultStyle, submitting, error, onClose, onConfirm }: GenerateModalProps) {
  const [mode, setMode] = useState(DEFAULT_MODE);
  const [styles, setStyles] = useState<string[]>([defaultStyle]);
  const [imagesPerStyle, setImagesPerStyle] = useState(1);

  const chosen = mode === DEFAULT_MODE ? [defaultStyle] : styles;
  const needed = creditsNeeded(productCount, chosen, imagesPerStyle, creditsPerStyle);
  const modeChoices = [
    { value: DEFAULT_MODE, label: `My default style: ${styleLabel(defaultStyle)}` },
    { value: CHOOSE_MODE, label: "Choose styles for this run" },
  ];
  const shortBy = needed - balance;
  const nothingChosen = chosen.length === 0;
  const products = productCount === 1 ? "1 product" : `${productCount} products`;

  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Generate images for ${subject ?? products}`}
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
          <ChoiceList title="Style" choices={modeChoices} selected={[mode]} onChange={([value]) => setMode(value)} />
          {mode === DEFAULT_MODE ? null : (
            <ChoiceList
              title="Styles to create"
              allowMultiple
              choices={STYLE_CHOICES.map((c) => ({ ...c, helpText: `${c.helpText} ${formatCredits(creditsPerStyle[c.value] ?? 0)} per image.` }))}
              selected={styles}
              onChange={setStyles}
              error={nothingChosen ? "Pick at least one style." : undefined}
            />
          )}
          <Select
            label={mode === DEFAULT_MODE ? "Images per product" : "Images per style"}
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
