# Reference values for tests/rastvortseva-pipeline.test.ts: R spdep on the Russian GRP-per-capita panel.
#
# Regenerate every fixture of that test with ONE command from the project root:
#     bash scripts/reference/rastvortseva-grp.sh
# This script alone: Rscript scripts/reference/rastvortseva-grp.R <panel.csv> <regions-topo.json> > r.txt
#
# For every year: the regions with a value (Crimea and Sevastopol have none before 2014), their queen
# neighbours computed independently by sf (GDAL's TopoJSON driver) + spdep::poly2nb on that subset, the Gini
# index written out in R (Gretl's formula: 2*sum(i*x_(i))/(n*sum(x)) - (n+1)/n), moran.test under normality
# and randomisation (row-standardised, zero.policy = TRUE, adjust.n = FALSE: islands stay in n) and
# localmoran's Ii (spdep's Ii = n/(n-1) x GeoDa's).
# Output: blocks "BEGIN <KIND> <year>" ... "END", numbers printed with %.17g.
suppressPackageStartupMessages({ library(sf); library(spdep) })
args <- commandArgs(trailingOnly = TRUE)
panel <- read.csv(args[1], stringsAsFactors = FALSE, na.strings = "")
map <- st_read(args[2], quiet = TRUE)
g17 <- function(x) sprintf("%.17g", x)
for (year in sort(unique(panel$year))) {
  p <- panel[panel$year == year & !is.na(panel$value), ]
  keep <- map$id %in% p$region
  m <- map[keep, ]
  x <- p$value[match(m$id, p$region)]
  n <- length(x)
  nb <- poly2nb(m, queen = TRUE)
  lw <- nb2listw(nb, style = "W", zero.policy = TRUE)
  cat("BEGIN IDS", year, "\n"); cat(paste0(gsub(" ", "_", m$id), "\n"), sep = ""); cat("END\n")
  cat("BEGIN NB", year, "\n")
  for (i in seq_len(n)) {
    nbi <- nb[[i]]
    ids <- if (length(nbi) == 1 && nbi[1] == 0) character(0) else gsub(" ", "_", m$id[nbi])
    cat(gsub(" ", "_", m$id[i]), ids, "\n")
  }
  cat("END\n")
  s <- sort(x)
  cat("BEGIN GINI", year, "\n", g17(2 * sum(seq_len(n) * s) / (n * sum(s)) - (n + 1) / n), "\n", "END\n")
  mn <- moran.test(x, lw, randomisation = FALSE, zero.policy = TRUE, adjust.n = FALSE, alternative = "two.sided")
  mr <- moran.test(x, lw, randomisation = TRUE, zero.policy = TRUE, adjust.n = FALSE, alternative = "two.sided")
  cat("BEGIN MORAN", year, "\n",
      g17(mn$estimate[1]), g17(mn$estimate[2]), g17(mn$estimate[3]), g17(mn$statistic), g17(mn$p.value),
      g17(mr$estimate[3]), g17(mr$statistic), g17(mr$p.value), "\n", "END\n")
  lm <- localmoran(x, lw, zero.policy = TRUE)
  cat("BEGIN LOCAL", year, "\n"); cat(paste0(g17(lm[, "Ii"]), "\n"), sep = ""); cat("END\n")
}
# The map as GDAL decodes the TopoJSON (independent of lib/topojson.ts): per region, the bounding box and the
# number of vertices (outer and inner rings, closing vertex included).
cat("BEGIN BBOX map\n")
for (i in seq_len(nrow(map))) {
  b <- st_bbox(map[i, ])
  npts <- nrow(st_coordinates(map[i, ]))
  cat(gsub(" ", "_", map$id[i]), g17(b["xmin"]), g17(b["ymin"]), g17(b["xmax"]), g17(b["ymax"]), npts, "\n")
}
cat("END\n")
