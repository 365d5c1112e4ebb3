/** customers/redact (GDPR): Glint holds no customer data to erase; acknowledged and logged. */
import { acknowledgeCustomerRequest } from "../shopify/shop-lifecycle.server";
import type { ShopifyWebhookJobData } from "../shopify/webhook-intake.server";
import type { JobHandler } from "./runtime.server";

export const CUSTOMERS_REDACT_JOB = "shopify-webhook-customers-redact";

export const customersRedactHandler: JobHandler<ShopifyWebhookJobData> = async (job, run) =>
  acknowledgeCustomerRequest(run.log, job.data.topic, job.data.payload);
