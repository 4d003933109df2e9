# syntax=docker/dockerfile:1
# otelcol-flows container image: the static binary on distroless/static, run as a non-root user.
#   docker build --build-arg COMMIT=$(git rev-parse --short=12 HEAD) -t otelcol-flows .
#   docker run -d --name otelcol-flows --memory 2g \
#     -p 2055:2055/udp -p 4739:4739/udp -p 6343:6343/udp -p 127.0.0.1:13133:13133 -p 127.0.0.1:8888:8888 \
#     -v otelcol-flows:/var/lib/otelcol-flows otelcol-flows
# Settings are the environment variables of /etc/default/otelcol-flows (docker run -e NAME=value);
# for Elasticsearch: --config /etc/otelcol-flows/otel-elasticsearch.yaml -e ELASTICSEARCH_URL=...

# Build: the same `make build` as CI (static, CGO_ENABLED=0). .dockerignore leaves .git out, so
# the commit that --version prints comes in as a build argument.
FROM golang:1.26-bookworm AS build
ARG COMMIT=unknown
WORKDIR /src
COPY . .
RUN make build COMMIT=${COMMIT} && mkdir -p /out/state

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/bin/otelcol-flows /usr/bin/otelcol-flows
COPY distribution/otel.yaml distribution/otel-elasticsearch.yaml /etc/otelcol-flows/
COPY distribution/elasticsearch/*.json /usr/share/otelcol-flows/elasticsearch/
# The state directory, owned by the image's nonroot user (65532), so a new named volume is too.
COPY --from=build --chown=65532:65532 /out/state /var/lib/otelcol-flows
# The configurations read these (as the .deb's /etc/default/otelcol-flows sets them); the health
# check and metrics listen on all addresses of the container so that -p can publish them.
ENV OTELCOL_FLOWS_STATE_DIR=/var/lib/otelcol-flows/state \
    OTELCOL_FLOWS_OUTPUT_FILE=/var/lib/otelcol-flows/flows.jsonl \
    OTELCOL_FLOWS_HEALTH_ENDPOINT=0.0.0.0:13133 \
    OTELCOL_FLOWS_METRICS_HOST=0.0.0.0
USER 65532:65532
WORKDIR /var/lib/otelcol-flows
VOLUME /var/lib/otelcol-flows
# NetFlow (2055), IPFIX (4739), sFlow (6343, for a configuration with an sflow receiver),
# health check (13133), the collector's own metrics (8888).
EXPOSE 2055/udp 4739/udp 6343/udp 13133/tcp 8888/tcp
ENTRYPOINT ["/usr/bin/otelcol-flows"]
CMD ["--config", "/etc/otelcol-flows/otel.yaml"]
