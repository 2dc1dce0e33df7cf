# opentt gateway as a container image (docs/deploy.md, "Container"). opentt's CI has no Docker
# engine, so this recipe is not built there: build and try it where Docker runs.
#   docker build -t opentt .
#   docker run -d --name opentt --network host -v opentt-data:/var/lib/opentt --restart on-failure opentt
# --network host: mDNS announcements must reach the restaurant's LAN, not a bridge.
FROM node:20-bookworm-slim AS build
WORKDIR /opt/opentt
# better-sqlite3 compiles from source (nothing is downloaded at install).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ENV npm_config_build_from_source=true
COPY . .
# npm ci builds dist/ (the prepare script); the dev dependencies go afterwards.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /opt/opentt
COPY --from=build /opt/opentt /opt/opentt
RUN useradd --system --home-dir /var/lib/opentt --shell /usr/sbin/nologin opentt \
  && mkdir -p /var/lib/opentt && chown opentt:opentt /var/lib/opentt
USER opentt
VOLUME /var/lib/opentt
EXPOSE 8000
# bin/opentt.js's shebang carries the gateway's Node flags (`env -S`): run it, not `node bin/…`.
ENTRYPOINT ["/opt/opentt/bin/opentt.js"]
CMD ["gateway", "--data", "/var/lib/opentt"]
STOPSIGNAL SIGTERM
