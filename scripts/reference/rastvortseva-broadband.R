# Reference values for tests/rastvortseva-broadband.test.ts: R spdep on the broadband panel of the
# digital-inequality article (data/rastvortseva-2026/inputs/broadband-2011-2022.csv), under several of the
# conventions the notebook tries (lib/conventions.ts), computed independently of the TypeScript code.
#
# Regenerate with ONE command from the project root:
#     bash scripts/reference/rastvortseva-broadband.sh
# This script alone: Rscript rastvortseva-broadband.R <panel.csv> <regions-topo.json> <dir for Gretl's inputs>
#
# Conventions (per indicator and year):
#   stated   regions with a figure (Crimea and Sevastopol have none before 2014, so footnote 1's exclusion is
#            included), queen contiguity by sf (GDAL's TopoJSON driver) + spdep::poly2nb on that subset;
#   zero     all 85 regions, a region without a figure counted as 0;
#   statedzero Crimea and Sevastopol left out before 2014 (footnote 1), every other region without a figure as 0;
#   split    (mobile) Moscow Oblast and Leningrad Oblast given the value of Moscow City and St Petersburg, in
#            which Rosstat publishes them, then regions without a figure left out;
#   rook     the stated sample with poly2nb(queen = FALSE);
#   noislands the stated sample without the regions that have no queen neighbour in it.
# Gini written out in R with Gretl's formula 2*sum(i*x_(i))/(n*sum(x)) - (n+1)/n, and times n/(n-1);
# moran.test under normality and randomisation (row-standardised, zero.policy = TRUE, adjust.n = FALSE).
# Writes <dir>/<indicator>-<year>.csv (column v: the stated sample) for Gretl's gini(); prints CSV on stdout.
suppressPackageStartupMessages({ library(sf); library(spdep) })
args <- commandArgs(trailingOnly = TRUE)
panel <- read.csv(args[1], stringsAsFactors = FALSE, na.strings = "", encoding = "UTF-8")
map <- st_read(args[2], quiet = TRUE)
g17 <- function(x) sprintf("%.17g", x)
cat("indicator,year,convention,n,links,gini,gini_corrected,I,expected,var_normal,z_normal,p_normal,var_randomisation,z_randomisation,p_randomisation\n")
row <- function(ind, year, conv, x, nb) {
  n <- length(x)
  lw <- nb2listw(nb, style = "W", zero.policy = TRUE)
  s <- sort(x)
  g <- 2 * sum(seq_len(n) * s) / (n * sum(s)) - (n + 1) / n
  mn <- moran.test(x, lw, randomisation = FALSE, zero.policy = TRUE, adjust.n = FALSE, alternative = "two.sided")
  mr <- moran.test(x, lw, randomisation = TRUE, zero.policy = TRUE, adjust.n = FALSE, alternative = "two.sided")
  links <- sum(card(nb)) / 2
  cat(paste(ind, year, conv, n, links, g17(g), g17(g * n / (n - 1)), g17(mn$estimate[1]), g17(mn$estimate[2]), g17(mn$estimate[3]),
            g17(mn$statistic), g17(mn$p.value), g17(mr$estimate[3]), g17(mr$statistic), g17(mr$p.value), sep = ","), "\n", sep = "")
}
for (ind in c("mobile", "fixed")) {
  for (year in 2011:2022) {
    p <- panel[panel$indicator == ind & panel$year == year, ]
    value <- p$value[match(map$id, p$region)]
    # stated
    keep <- !is.na(value)
    m <- map[keep, ]; x <- value[keep]
    nbq <- poly2nb(m, queen = TRUE)
    row(ind, year, "stated", x, nbq)
    write.csv(data.frame(v = x), file.path(args[3], sprintf("%s-%d.csv", ind, year)), row.names = FALSE)
    row(ind, year, "rook", x, poly2nb(m, queen = FALSE))
    isl <- card(nbq) == 0
    row(ind, year, "noislands", x[!isl], poly2nb(m[!isl, ], queen = TRUE))
    # zero
    z <- ifelse(is.na(value), 0, value)
    row(ind, year, "zero", z, poly2nb(map, queen = TRUE))
    # stated+zero: Crimea and Sevastopol out before 2014, every other region without a figure as 0
    k3 <- !(year < 2014 & map$id %in% c("Crimea", "Sevastopol'"))
    row(ind, year, "statedzero", ifelse(is.na(value[k3]), 0, value[k3]), poly2nb(map[k3, ], queen = TRUE))
    # split
    if (ind == "mobile") {
      v2 <- value
      v2[map$id == "Moskva"] <- value[map$id == "Moscow City"]
      v2[map$id == "Leningrad"] <- value[map$id == "City of St. Petersburg"]
      k2 <- !is.na(v2)
      row(ind, year, "split", v2[k2], poly2nb(map[k2, ], queen = TRUE))
    }
  }
}
