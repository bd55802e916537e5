# The synthetics-gitops CLI as a container image, for the Kubernetes Job and the watcher
# (`validate`, `plan`, `push`; journeys are not run here, so there is no Chromium).
#
#   docker build -t synthetics-gitops .
#   docker run --rm -v "$PWD/k8s:/work/k8s:ro" -e KIBANA_URL -e KIBANA_API_KEY synthetics-gitops plan k8s
#
# Not built by this repository's tests (their machines have no container engine):
# test/cli/pack.test.ts installs the packed CLI from a clean folder as the last stage does, and
# checks this file's user (against the pods') and entrypoint.

# Build: the bundles, then the npm package of the CLI.
FROM node:20-alpine AS build
WORKDIR /src
# The image's npm 10 does not read package.json's allowScripts: this skips the browser download
# of playwright-chromium (a development dependency here).
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && mkdir /pkg && npm pack --pack-destination /pkg

# Run: only the installed package, as a user without privileges.
FROM node:20-alpine
ENV NODE_ENV=production
COPY --from=build /pkg/ /tmp/pkg/
RUN npm install --global --omit=dev --no-audit --no-fund /tmp/pkg/synthetics-gitops-*.tgz \
  && rm -rf /tmp/pkg /root/.npm
# An unprivileged user, numeric so that Kubernetes' runAsNonRoot can check it, and the same uid and
# gid the rendered pods run as (runAsUser, RUN_AS in server/src/kustomize/manifests.ts). The CLI
# needs no home folder or /etc/passwd entry.
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["synthetics-gitops"]
CMD ["--help"]
