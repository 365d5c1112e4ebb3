/** customers/data_request (GDPR): Glint holds no customer data; acknowledged and logged. */
import { acknowledgeCustomerRequest } from "../shopify/shop-lifecycle.server";
import type { ShopifyWebhookJobData } from "../shopify/webhook-intake.server";
import type { JobHandler } from "./runtime.server";

export const CUSTOMERS_DATA_REQUEST_JOB = "shopify-webhook-customers-data-request";

export const customersDataRequestHandler: JobHandler<ShopifyWebhookJobData> = async (job, run) =>
  acknowledgeCustomerRequest(run.log, job.data.topic, job.data.payload);
