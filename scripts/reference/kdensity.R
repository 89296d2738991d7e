# Reference values for lib/density.ts from R (stats): bandwidth rules and direct kernel sums.
#
# Regenerate all kernel-density fixtures with ONE command from the repository root:
#     bash scripts/reference/kdensity.sh
# (it runs `Rscript scripts/reference/kdensity.R <data dir>` and converts the output into
#  tests/fixtures/kdensity-r.json).
#
# Output lines: "NUM <group>.<name>.<field> <value>" and "VEC <group>.<name>.<field> <values...>", %.17g.
#   bw.<data set>.*       n, mean, sd, type-7 quartiles, Tukey hinges (fivenum), bw.nrd0, bw.nrd,
#                         Scott 1.059 sd n^-1/5, and Gretl's rule 0.9 A n^-1/5 computed from the hinges
#                         (A = IQR/1.349 if 0 < IQR/1.349 < sd, else sd)
#   special.<case>.*      bw.nrd0 / bw.nrd on hand-made vectors that hit R's special cases
#   kde.<case>.*          direct sums f(t) = sum K((t - x_i)/h) / (n h) on seq(min - 3h, max + 3h, length.out = 512)
#                         (R's density() grid with cut = 3; density() itself bins and uses an FFT, so it is not
#                         used as the reference for the exact sum)

args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
f17 <- function(v) paste(sprintf("%.17g", v), collapse = " ")
num <- function(key, v) cat("NUM", key, f17(v), "\n")
vec <- function(key, v) cat("VEC", key, f17(v), "\n")

read_set <- function(name) read.csv(file.path(dir, paste0(name, ".csv")))$v

gretl_bw <- function(x) {
  h <- fivenum(x)
  s <- sd(x)
  r <- (h[4] - h[2]) / 1.349
  A <- if (r > 0 && r < s) r else s
  0.9 * A * length(x)^(-0.2)
}

sets <- c("life1955", "life1980", "life2005", "life2005_first61", "pop2005", "income", "unemployment", "iqr0")
for (nm in sets) {
  x <- read_set(nm)
  k <- paste0("bw.", nm, ".")
  num(paste0(k, "n"), length(x))
  num(paste0(k, "mean"), mean(x))
  num(paste0(k, "sd"), sd(x))
  vec(paste0(k, "quartiles7"), quantile(x, c(0.25, 0.75), type = 7, names = FALSE))
  vec(paste0(k, "hinges"), fivenum(x)[c(2, 4)])
  num(paste0(k, "gretl"), gretl_bw(x))
  num(paste0(k, "nrd0"), bw.nrd0(x))
  num(paste0(k, "nrd"), bw.nrd(x))
  num(paste0(k, "scott"), 1.059 * sd(x) * length(x)^(-0.2))
}

special <- list(
  const3 = rep(3, 5),          # sd = 0: nrd0 falls back to |x[1]|, nrd gives 0
  constneg = rep(-2.5, 3),     # nrd0 -> |x[1]| = 2.5
  zeros = rep(0, 4),           # nrd0 -> 1
  iqr0 = c(rep(5, 25), 1, 2, 3, 8, 9, 12),  # type-7 IQR = 0 but sd > 0: nrd0 -> sd, nrd -> 0
  two = c(1, 4),
  primes = c(2, 3, 5, 7, 11, 13, 17, 19, 23)
)
for (nm in names(special)) {
  x <- special[[nm]]
  k <- paste0("special.", nm, ".")
  vec(paste0(k, "x"), x)
  num(paste0(k, "nrd0"), bw.nrd0(x))
  num(paste0(k, "nrd"), bw.nrd(x))
}

gauss_sum <- function(x, h, g) vapply(g, function(t) sum(dnorm((t - x) / h)), 0) / (length(x) * h)
epan <- function(z) ifelse(abs(z) < sqrt(5), 3 / (4 * sqrt(5)) * (1 - z^2 / 5), 0)
epan_sum <- function(x, h, g) vapply(g, function(t) sum(epan((t - x) / h)), 0) / (length(x) * h)

kde_case <- function(name, data, kernel, rule, scale) {
  x <- read_set(data)
  h <- scale * switch(rule, nrd0 = bw.nrd0(x), nrd = bw.nrd(x))
  g <- seq(min(x) - 3 * h, max(x) + 3 * h, length.out = 512)
  d <- if (kernel == "gaussian") gauss_sum(x, h, g) else epan_sum(x, h, g)
  k <- paste0("kde.", name, ".")
  cat("STR", paste0(k, "data"), data, "\n")
  cat("STR", paste0(k, "kernel"), kernel, "\n")
  cat("STR", paste0(k, "rule"), rule, "\n")
  num(paste0(k, "scale"), scale)
  num(paste0(k, "bandwidth"), h)
  vec(paste0(k, "x"), g)
  vec(paste0(k, "density"), d)
}
kde_case("life2005_gaussian_nrd0", "life2005", "gaussian", "nrd0", 1)
kde_case("unemployment_epanechnikov_nrd", "unemployment", "epanechnikov", "nrd", 1)
kde_case("income_gaussian_nrd0_scale07", "income", "gaussian", "nrd0", 0.7)
kde_case("life1955_epanechnikov_nrd0_scale15", "life1955", "epanechnikov", "nrd0", 1.5)
