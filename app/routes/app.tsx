import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { appContext } from "../app-context.server";
import { authenticate } from "../shopify.server";
import { AppOutlet } from "../components/AppOutlet";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await authenticate.admin(request);
  const { env } = appContext();
  return {
    apiKey: env.SHOPIFY_API_KEY,
    // Offline demo and tests load a local App Bridge stand-in instead of Shopify's CDN.
    appBridgeUrl: env.APP_BRIDGE_URL,
  };
}

export default function AppLayout() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <NavMenu>
        <Link to="/app" rel="home">
          Home
        </Link>
        <Link to="/app/products">Products</Link>
        <Link to="/app/review">Review</Link>
        <Link to="/app/jobs">Jobs</Link>
        <Link to="/app/channels">Channels</Link>
        <Link to="/app/billing">Billing</Link>
        <Link to="/app/settings">Settings</Link>
      </NavMenu>
      <AppOutlet />
    </AppProvider>
  );
}

// Shopify needs its own headers and error boundary to keep embedded auth working.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
