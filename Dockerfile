# modelscale: build and unit-test on Debian 12, run on bookworm-slim.
#   docker build -t modelscale .      (or: podman build --pull=never ...)
#   docker run --rm -p 8080:8080 modelscale

FROM debian:bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake \
      pkg-config libmicrohttpd-dev libcjson-dev check libcurl4-openssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY include include
COPY src src
COPY tests tests
COPY config config
# Unit suites only: the integration suites need the finished binary's
# environment and run in scripts/test.sh.
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build -j"$(nproc)" \
 && ctest --test-dir build --output-on-failure -E 'integration|reference'

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libmicrohttpd12 libcjson1 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/modelscale /usr/local/bin/modelscale
COPY config/modelscale.json /etc/modelscale/modelscale.json
ENV MODELSCALE_CONFIG=/etc/modelscale/modelscale.json
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/modelscale"]
