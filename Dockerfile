# The API and the ingest, for docker-compose.yml. Neo4j itself is the official image.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY graph ./graph
COPY api ./api
COPY ingest ./ingest
COPY cypher ./cypher
COPY kg ./kg
COPY newsroom ./newsroom
# With the ftm extra (FollowTheMoney in and out): its PyICU is built from source, which needs
# a compiler and ICU's headers to build, and only ICU's runtime library after.
RUN apt-get update \
 && apt-get install -y --no-install-recommends g++ pkg-config libicu-dev \
 && pip install --no-cache-dir -c requirements.lock '.[ftm]' \
 && apt-mark manual $(dpkg-query -W -f='${Package}\n' 'libicu[0-9]*') \
 && apt-get purge -y g++ pkg-config libicu-dev \
 && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/*
USER nobody
EXPOSE 8000
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
