// The built-in CRM mappings (specs/mappings/*.json; documented in its README).

import hubspot from "../../specs/mappings/hubspot.json" with { type: "json" };
import salesforce from "../../specs/mappings/salesforce.json" with { type: "json" };

export const PRESETS: Readonly<Record<string, unknown>> = Object.freeze({ salesforce, hubspot });
