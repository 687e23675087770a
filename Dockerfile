# modelscale: built and unit-tested on Debian 13, for its libmicrohttpd
# 1.0 and that library's strict request parser (docs/RELIABILITY.md says
# what it refuses that Debian 12's 0.9.75 does not); the runtime image
# holds only the binary, the shared libraries it loads (with their Debian
# copyright files) and the default config: no shell, no package manager.
#   docker build -t modelscale .        (here: podman build --pull=never
#                                        --format docker -t modelscale .)
#   docker run --rm -p 8080:8080 --read-only --cap-drop=ALL modelscale

FROM debian:trixie AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake \
      pkg-config libmicrohttpd-dev libcjson-dev check libcurl4-openssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake cmake
COPY docs/openapi.json docs/
COPY include include
COPY src src
COPY tests tests
COPY config config
COPY bench bench
# The unit suites; the suites that need a whole running system run in
# scripts/test.sh, which also tests this image.
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build -j"$(nproc)" \
 && ctest --test-dir build --output-on-failure -L unit
COPY scripts/rootfs.sh scripts/
RUN sh scripts/rootfs.sh build/modelscale config/modelscale.json /rootfs

FROM scratch
ARG VERSION=0.1.0
# the repository this was built from (the container test passes it)
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="modelscale" \
      org.opencontainers.image.description="AI model parameter counts as 101.8K / 6.0B / 1.8T, and scale ratios, over HTTP" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="MIT"
COPY --from=build /rootfs/ /
ENV MODELSCALE_CONFIG=/etc/modelscale/modelscale.json
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=2s --retries=3 \
  CMD ["/usr/local/bin/modelscale", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/modelscale"]
