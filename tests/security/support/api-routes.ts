/** Every JSON API route, as (route module, method, URL, params, body) for a given target generation. */
export interface ApiRoute {
  label: string;
  file: string;
  method: "GET" | "POST";
  path: string;
  params?: Record<string, string>;
  body?: unknown;
}

export function apiRoutes(input: { generationId: string; productGid: string }): ApiRoute[] {
  const id = input.generationId;
  return [
    { label: "GET /api/credits", file: "api.credits", method: "GET", path: "/api/credits" },
    { label: "GET /api/products", file: "api.products", method: "GET", path: "/api/products" },
    { label: "GET /api/generations", file: "api.generations", method: "GET", path: "/api/generations" },
    { label: "POST /api/generations", file: "api.generations", method: "POST", path: "/api/generations", body: { productIds: [input.productGid], style: "studio" } },
    { label: "GET /api/generations/:id", file: "api.generations.$id", method: "GET", path: `/api/generations/${id}`, params: { id } },
    { label: "POST /api/generations/:id/approve", file: "api.generations.$id.approve", method: "POST", path: `/api/generations/${id}/approve`, params: { id }, body: {} },
    { label: "POST /api/generations/:id/cancel", file: "api.generations.$id.cancel", method: "POST", path: `/api/generations/${id}/cancel`, params: { id } },
    { label: "POST /api/generations/:id/retry", file: "api.generations.$id.retry", method: "POST", path: `/api/generations/${id}/retry`, params: { id } },
    { label: "GET /api/generations/:id/publications", file: "api.generations.$id.publications", method: "GET", path: `/api/generations/${id}/publications`, params: { id } },
    { label: "POST /api/generations/:id/publications", file: "api.generations.$id.publications", method: "POST", path: `/api/generations/${id}/publications`, params: { id }, body: { platforms: ["tiktok"], title: "t" } },
    { label: "GET /api/videos/ugc", file: "api.videos.ugc", method: "GET", path: "/api/videos/ugc" },
    { label: "POST /api/videos/ugc", file: "api.videos.ugc", method: "POST", path: "/api/videos/ugc", body: { productId: input.productGid, lengthSeconds: 15, voice: "nova" } },
    { label: "GET /api/videos/ugc/:id", file: "api.videos.ugc.$id", method: "GET", path: `/api/videos/ugc/${id}`, params: { id } },
    { label: "POST /api/videos/ugc/:id/approve", file: "api.videos.ugc.$id.approve", method: "POST", path: `/api/videos/ugc/${id}/approve`, params: { id } },
  ];
}
