import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

/** Shopify opens the app at its root with ?shop=…; everything lives under /app. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
}

export default function Landing() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 560, margin: "15vh auto", padding: 24 }}>
      <h1>Glint</h1>
      <p>Studio-grade product photos and videos, written back to your Shopify store.</p>
      <p>Open Glint from your Shopify admin under Apps.</p>
    </main>
  );
}
