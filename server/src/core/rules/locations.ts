// Where a Kibana project monitor runs: `locations` are Elastic-managed ids or aliases,
// `private_locations` are exact private-location labels. A standalone Heartbeat ignores both.

import { PUBLIC_LOCATIONS } from '../kibana/facts';
import { closest, listValues } from '../suggest';
import { MonitorContext, entryAt, itemsOf, monitorAnchor } from './context';

export function knownPublicLocations(extra: string[]): string[] {
  return [...Object.keys(PUBLIC_LOCATIONS), ...Object.values(PUBLIC_LOCATIONS), ...extra];
}

export function checkLocations(ctx: MonitorContext): void {
  if (ctx.target !== 'kibana') return;
  const publicEntry = entryAt(ctx.monitor, 'locations');
  const privateEntry = entryAt(ctx.monitor, 'private_locations') ?? entryAt(ctx.monitor, 'privateLocations');
  const publicItems = itemsOf(publicEntry?.value);
  const privateItems = itemsOf(privateEntry?.value);
  // Journeys spell it in camelCase, and rarely set locations: synthetics.config.ts gives the defaults.
  const privateKey = ctx.format === 'journey' ? 'privateLocations' : 'private_locations';
  if (publicItems.length === 0 && privateItems.length === 0 && ctx.format !== 'journey') {
    // Usually fine: projects set default locations (synthetics.config.ts, or the sync configuration).
    ctx.report({
      code: 'locations-missing',
      severity: 'information',
      message:
        'No `locations` or `private_locations`: the push uses the project\'s default locations (`monitor.locations` in synthetics.config.ts, or `monitors.default_locations` in the sync configuration); Kibana refuses a monitor with none.',
      span: publicEntry?.keySpan ?? privateEntry?.keySpan ?? monitorAnchor(ctx.monitor),
    });
  }
  const known = knownPublicLocations(ctx.settings.locations);
  const privateLabels = ctx.settings.privateLocations;
  for (const item of publicItems) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string' || known.includes(item.value)) continue;
    const value = item.value;
    const isPrivate = privateLabels.some((l) => l.toLowerCase() === value.toLowerCase());
    const suggestion = closest(value, known);
    ctx.report({
      code: 'location-unknown',
      severity: 'error',
      message: isPrivate
        ? `\`${value}\` is a private location: Kibana looks up \`locations\` among Elastic-managed locations only. List it under \`${privateKey}\`.`
        : `\`${value}\` is not an Elastic-managed location, so Kibana refuses the monitor.` +
          (suggestion ? ` Did you mean \`${suggestion}\`?` : '') +
          ` If it is a private location, list it under \`${privateKey}\` by its exact label (and add it to the \`privateLocations\` setting).`,
      span: item.span,
      fixes:
        isPrivate && publicEntry && publicItems.length === 1 && !privateEntry
          ? [{ title: `Rename to \`${privateKey}\``, edits: [{ span: publicEntry.keySpan, newText: privateKey }], preferred: true }]
          : suggestion
            ? [{ title: `Change to \`${suggestion}\``, edits: [{ span: item.span, newText: suggestion }] }]
            : undefined,
    });
  }
  if (privateLabels.length === 0) return;
  // Kibana resolves each entry by label or id regardless of case, then wants one exact label among
  // them (common_fields.ts getMonitorLocations, monitor_validation.ts validateLocation): beside an
  // exact one, an entry differing only in case is accepted.
  const oneExact = privateItems.some((item) => item.kind === 'scalar' && typeof item.value === 'string' && privateLabels.includes(item.value));
  for (const item of privateItems) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string' || privateLabels.includes(item.value)) continue;
    const value = item.value;
    const caseOnly = privateLabels.find((l) => l.toLowerCase() === value.toLowerCase());
    if (caseOnly && oneExact) continue;
    const suggestion = caseOnly ?? closest(value, privateLabels);
    ctx.report({
      code: 'private-location-unknown',
      severity: 'error',
      message: caseOnly
        ? `\`${value}\` differs from the private location's label \`${caseOnly}\` only in case: Kibana finds it, but wants at least one entry to match a label exactly.`
        : `\`${value}\` is not one of the private locations configured (${listValues(privateLabels)}).` + (suggestion ? ` Did you mean \`${suggestion}\`?` : ''),
      span: item.span,
      fixes: suggestion ? [{ title: `Change to \`${suggestion}\``, edits: [{ span: item.span, newText: suggestion }], preferred: true }] : undefined,
    });
  }
}
