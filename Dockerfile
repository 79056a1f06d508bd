# Build: the SDK publishes the Web project (the executable) framework-dependent.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Web -c Release -o /app

# Run: the ASP.NET runtime, as nobody (65534) like prom/prometheus, with its paths and port.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
COPY --from=build /app /app
COPY deploy/prometheus.yml /etc/prometheus/prometheus.yml
RUN mkdir -p /prometheus && chown -R 65534:65534 /prometheus /etc/prometheus
USER 65534
WORKDIR /prometheus
EXPOSE 9090
VOLUME ["/prometheus"]
ENTRYPOINT ["dotnet", "/app/metrics-server.dll"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
