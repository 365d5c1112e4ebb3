/**
 * The routed page, or its skeleton while the next page's data loads, so a click in the nav
 * answers at once instead of leaving the old page on screen.
 */
import { Outlet, useLocation, useNavigation } from "@remix-run/react";
import { PageSkeleton } from "./PageSkeleton";

const TITLES: Array<[RegExp, string]> = [
  [/^\/app\/?$/, "Glint"],
  [/^\/app\/products\/?$/, "Products"],
  [/^\/app\/products\/.+/, "Product"],
  [/^\/app\/jobs/, "Jobs"],
  [/^\/app\/review/, "Review"],
  [/^\/app\/billing/, "Billing"],
  [/^\/app\/settings/, "Settings"],
];

export function AppOutlet() {
  const navigation = useNavigation();
  const location = useLocation();
  const next = navigation.location;
  // Only for a move to another page: filters and pagination keep the current page on screen.
  if (navigation.state === "loading" && next && next.pathname !== location.pathname) {
    return <PageSkeleton title={TITLES.find(([pattern]) => pattern.test(next.pathname))?.[1]} />;
  }
  return <Outlet />;
}
