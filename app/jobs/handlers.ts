/**
 * Every job the worker runs: queue → job name → handler. One file per job under app/jobs/.
 */
import type { AppContext } from "../context.server";
import { QUEUE } from "./queues";
import type { HandlerMap, JobHandler } from "./runtime.server";
import { APP_PURCHASES_ONE_TIME_UPDATE_JOB, appPurchasesOneTimeUpdateHandler } from "./shopify-webhook-app-purchases-one-time-update";
import { APP_SUBSCRIPTIONS_UPDATE_JOB, appSubscriptionsUpdateHandler } from "./shopify-webhook-app-subscriptions-update";
import { APP_UNINSTALLED_JOB, appUninstalledHandler } from "./shopify-webhook-app-uninstalled";
import { CUSTOMERS_DATA_REQUEST_JOB, customersDataRequestHandler } from "./shopify-webhook-customers-data-request";
import { CUSTOMERS_REDACT_JOB, customersRedactHandler } from "./shopify-webhook-customers-redact";
import { WEBHOOK_EVENTS_SWEEP_JOB, webhookEventsSweepHandler } from "./shopify-webhook-events-sweep";
import { PRODUCTS_CREATE_JOB, productsCreateHandler } from "./shopify-webhook-products-create";
import { PRODUCTS_DELETE_JOB, productsDeleteHandler } from "./shopify-webhook-products-delete";
import { PRODUCTS_UPDATE_JOB, productsUpdateHandler } from "./shopify-webhook-products-update";
import { SHOP_REDACT_JOB, shopRedactHandler } from "./shopify-webhook-shop-redact";
import { PUBLISH_JOB, publishHandler } from "./publish";
import { REVERT_JOB, revertHandler } from "./revert";
import { SWEEP_RESERVATIONS_JOB, sweepReservationsHandler } from "./sweep-reservations";
import { WATCH_SPEND_JOB, watchSpendHandler } from "./watch-spend";
import { GRANT_ALLOWANCES_JOB, grantAllowancesHandler } from "./grant-allowances";
import { ANALYSE_JOB, analyseHandler } from "./analyse";
import { GENERATE_JOB, generateHandler } from "./generate";
import { POLL_JOB, pollHandler } from "./poll";
import { VALIDATE_JOB, validateHandler } from "./validate";
import { RECOVER_GENERATIONS_JOB, recoverGenerationsHandler } from "./recover-generations";
import { MULTI_PHOTO_VIDEO_JOB, multiPhotoVideoHandler } from "./multi-photo-video";
import { recordingWebhookEvents } from "../shopify/webhook-intake.server";
import { SOCIAL_PUBLISH_JOB, socialPublishHandler } from "./social-publish";
import { SOCIAL_STATUS_JOB, socialStatusHandler } from "./social-status";

export function jobHandlers(ctx: AppContext): HandlerMap {
  return {
    [QUEUE.generation]: {
      [ANALYSE_JOB]: analyseHandler(ctx),
      [GENERATE_JOB]: generateHandler(ctx),
      [VALIDATE_JOB]: validateHandler(ctx),
      [MULTI_PHOTO_VIDEO_JOB]: multiPhotoVideoHandler(ctx),
    },
    [QUEUE.providerPoll]: {
      [POLL_JOB]: pollHandler(ctx),
    },
    [QUEUE.maintenance]: {
      [SWEEP_RESERVATIONS_JOB]: sweepReservationsHandler(ctx),
      [RECOVER_GENERATIONS_JOB]: recoverGenerationsHandler(ctx),
      [WATCH_SPEND_JOB]: watchSpendHandler(ctx),
      [GRANT_ALLOWANCES_JOB]: grantAllowancesHandler(ctx),
      [WEBHOOK_EVENTS_SWEEP_JOB]: webhookEventsSweepHandler(ctx),
    },
    [QUEUE.publish]: {
      [PUBLISH_JOB]: publishHandler(ctx),
      [REVERT_JOB]: revertHandler(ctx),
    },
    [QUEUE.social]: {
      [SOCIAL_PUBLISH_JOB]: socialPublishHandler(ctx),
      [SOCIAL_STATUS_JOB]: socialStatusHandler(ctx),
    },
    [QUEUE.shopifyWebhooks]: shopifyWebhookHandlers(ctx),
  };
}

function shopifyWebhookHandlers(ctx: AppContext): Record<string, JobHandler> {
  return recordingWebhookEvents(ctx.db, {
    [PRODUCTS_CREATE_JOB]: productsCreateHandler(ctx),
    [PRODUCTS_UPDATE_JOB]: productsUpdateHandler(ctx),
    [PRODUCTS_DELETE_JOB]: productsDeleteHandler(ctx),
    [APP_UNINSTALLED_JOB]: appUninstalledHandler(ctx),
    [APP_SUBSCRIPTIONS_UPDATE_JOB]: appSubscriptionsUpdateHandler(ctx),
    [APP_PURCHASES_ONE_TIME_UPDATE_JOB]: appPurchasesOneTimeUpdateHandler(ctx),
    [CUSTOMERS_DATA_REQUEST_JOB]: customersDataRequestHandler,
    [CUSTOMERS_REDACT_JOB]: customersRedactHandler,
    [SHOP_REDACT_JOB]: shopRedactHandler(ctx),
  });
}
