# Reference values from R (stats) for the density additions of issue #14 in lib/density.ts: bw.SJ, R's
# rectangular / triangular / biweight / cosine kernels, and weighted kernel sums.
#
# Regenerate with ONE command from the repository root:
#     bash scripts/reference/kdensity-additions.sh
# (it writes the data sets with scripts/reference/kdensity.py, runs this script as
#  `Rscript scripts/reference/kdensity-additions.R <data dir>`, and assembles tests/fixtures/kdensity-additions.json
#  with scripts/reference/kdensity-additions.py, which adds scipy's and KDEpy's values).
#
# Output lines: "NUM <group>.<name>.<field> <value>", "VEC ... <values...>", "STR ... <text>"; numbers in %.17g.
#   sj.<data set>.*    bw.SJ(x) (defaults: nb = 1000, method "ste"; n > 500 uses R's binned pair counts)
#   sjspecial.<case>.* x, bw.SJ(x) and the number of times bw.SJ widened its search interval
#   kde.<case>.*       direct sums f(t) = sum(w * K(t - x_i)) / sum(w) with R's kernels exactly as
#                      density.default defines them (K includes the 1/a, a = bw*sqrt(3), bw*sqrt(6), ...),
#                      w = 1 without weights; on seq(min - 3h, max + 3h, length.out = 512) (R's grid, cut = 3).
#                      density() itself bins the data (BinDist) and convolves by FFT, so it is an approximation
#                      and is recorded separately:
#   rdensity.<case>.*  density(x, bw = h, kernel =, weights = w/sum(w), n = 512, cut = 3)$y on the same grid
#                      (checked here: its $x equals the grid of the direct sums),
#                      for the comparison of a binned estimate with the exact sum.

args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
f17 <- function(v) paste(sprintf("%.17g", v), collapse = " ")
num <- function(key, v) cat("NUM", key, f17(v), "\n")
vec <- function(key, v) cat("VEC", key, f17(v), "\n")
str <- function(key, v) cat("STR", key, v, "\n")
read_set <- function(name) read.csv(file.path(dir, paste0(name, ".csv")))$v

for (nm in c("life1955", "life1980", "life2005", "life2005_first61", "pop2005", "income", "unemployment")) {
  x <- read_set(nm)
  num(paste0("sj.", nm, ".n"), length(x))
  num(paste0("sj.", nm, ".bw"), bw.SJ(x))
}

# Hand-made vectors for code paths the data sets do not reach: a far outlier makes bw.SJ widen its search
# interval (R's alternating x1.2 steps), and normal quantiles put values on both sides of 0 (R's bins trunc(x/d)
# round toward zero), with n <= 500 (pairwise counts) and n > 500 (binned counts).
sj_special <- list(
  outlier = c(qnorm(ppoints(100)), 1000),
  normal800_outlier = c(qnorm(ppoints(800)), 60),
  twonormals = c(qnorm(ppoints(60)), 8 + qnorm(ppoints(40)) / 2)
)
for (nm in names(sj_special)) {
  x <- sj_special[[nm]]
  vec(paste0("sjspecial.", nm, ".x"), x)
  num(paste0("sjspecial.", nm, ".bw"), bw.SJ(x))
  # How many times R widened [lower, upper] (its verbose messages), to show that the path is covered.
  widened <- 0L
  withCallingHandlers({ op <- options(verbose = TRUE); bw.SJ(x); options(op) },
                      message = function(m) { widened <<- widened + 1L; invokeRestart("muffleMessage") })
  num(paste0("sjspecial.", nm, ".widened"), widened)
}

# R's kernels (density.default, R 4.2), u = t - x in the data's units.
kern <- function(kernel, u, bw) {
  switch(kernel,
    gaussian = dnorm(u, sd = bw),
    rectangular = { a <- bw * sqrt(3); ifelse(abs(u) < a, .5 / a, 0) },
    triangular = { a <- bw * sqrt(6); ax <- abs(u); ifelse(ax < a, (1 - ax / a) / a, 0) },
    epanechnikov = { a <- bw * sqrt(5); ax <- abs(u); ifelse(ax < a, 3 / 4 * (1 - (ax / a)^2) / a, 0) },
    biweight = { a <- bw * sqrt(7); ax <- abs(u); ifelse(ax < a, 15 / 16 * (1 - (ax / a)^2)^2 / a, 0) },
    cosine = { a <- bw / sqrt(1 / 3 - 2 / pi^2); ifelse(abs(u) < a, (1 + cos(pi * u / a)) / (2 * a), 0) })
}
direct <- function(x, w, kernel, bw, g) vapply(g, function(t) sum(w * kern(kernel, t - x, bw)), 0) / sum(w)

kde_case <- function(name, data, kernel, rule, weights = NULL, rdensity = FALSE) {
  x <- read_set(data)
  w <- if (is.null(weights)) rep(1, length(x)) else read_set(weights)
  h <- switch(rule, nrd0 = bw.nrd0(x), sj = bw.SJ(x))  # R's rules see x alone, also with weights
  g <- seq(min(x) - 3 * h, max(x) + 3 * h, length.out = 512)
  k <- paste0("kde.", name, ".")
  str(paste0(k, "data"), data)
  str(paste0(k, "weights"), if (is.null(weights)) "none" else weights)
  str(paste0(k, "kernel"), kernel)
  str(paste0(k, "rule"), rule)
  num(paste0(k, "bandwidth"), h)
  vec(paste0(k, "x"), g)
  vec(paste0(k, "density"), direct(x, w, kernel, h, g))
  if (rdensity) {
    d <- density(x, bw = h, kernel = kernel, weights = w / sum(w), n = 512, cut = 3)
    stopifnot(isTRUE(all.equal(d$x, g, tolerance = 1e-14)))  # the same grid as the direct sums
    vec(paste0("rdensity.", name, ".density"), d$y)
  }
}

for (kernel in c("rectangular", "triangular", "biweight", "cosine")) {
  kde_case(paste0("life2005_", kernel, "_nrd0"), "life2005", kernel, "nrd0", rdensity = TRUE)
  kde_case(paste0("unemployment_", kernel, "_sj"), "unemployment", kernel, "sj")
}
# Weighted: life expectancy 2005 by country, weighted by population (people rather than countries).
for (kernel in c("gaussian", "epanechnikov", "rectangular", "triangular", "biweight", "cosine")) {
  kde_case(paste0("life2005_popweighted_", kernel, "_nrd0"), "life2005", kernel, "nrd0", weights = "pop2005", rdensity = TRUE)
}
kde_case("life2005_popweighted_zeros_gaussian_sj", "life2005", "gaussian", "sj", weights = "pop2005_zeros")
