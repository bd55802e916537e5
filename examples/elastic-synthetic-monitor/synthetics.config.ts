import type { SyntheticsConfig } from '@elastic/synthetics';

// The project's configuration, as `npx @elastic/synthetics` reads it for local runs and pushes.
export default () => {
  const config: SyntheticsConfig = {
    params: { url: 'https://elastic.github.io/synthetics-demo/' },
    playwrightOptions: { ignoreHTTPSErrors: false },
    monitor: { schedule: 10, locations: [], privateLocations: ['synthetic-monitor-default'] },
    project: { id: 'elastic-synthetic-monitor', url: 'https://kibana.local.jazziro.com', space: 'default' },
  };
  return config;
};
