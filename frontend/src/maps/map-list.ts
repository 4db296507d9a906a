// The dashboard shows each account's maps: one GET /api/maps for all the cards rendered together,
// instead of one request per account.
import { mapsApi } from './maps-api.ts';
import type { MapSummary } from './maps-types.ts';

let pending: Promise<MapSummary[]> | null = null;

/** Every map, newest first; calls made while a request is in flight share it. */
export function allMaps(): Promise<MapSummary[]> {
  pending ??= mapsApi.maps().finally(() => {
    pending = null;
  });
  return pending;
}
