# Reference values from R (stats) for the kernel density additions (lib/methods/density/kde-extended.ts):
#   bw.SJ (Sheather-Jones, "ste") on Gapminder life expectancy, log income (n = 187: pair counts) and the US county
#   unemployment rates (n > 500: R's binned pair counts);
#   direct kernel sums f(t) = sum w K(t - x_i) / sum w with R density()'s kernel expressions (copied from
#   stats:::density.default, unit-variance kernels), unweighted and population-weighted, on 64 points, and R's own
#   density(weights = w / sum(w)) for a coarse check of the same estimate (it bins and uses an FFT).
# Regenerate (from the project root):  Rscript scripts/reference/kde-toolkit.R > /tmp/kde-r.json
#   (then /usr/bin/python3 scripts/reference/kde-toolkit.py /tmp/kde-r.json writes tests/fixtures/kde-toolkit.json)
d <- read.csv("node_modules/vega-datasets/data/gapminder-health-income.csv")
life <- as.numeric(d$health)
loginc <- log(as.numeric(d$income))
pop <- as.numeric(d$population)
u <- read.delim("node_modules/vega-datasets/data/unemployment.tsv")$rate
num <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]")
K <- function(kernel, kords, bw) switch(kernel,
  gaussian = dnorm(kords, sd = bw),
  rectangular = { a <- bw * sqrt(3); ifelse(abs(kords) < a, 0.5 / a, 0) },
  triangular = { a <- bw * sqrt(6); ax <- abs(kords); ifelse(ax < a, (1 - ax / a) / a, 0) },
  epanechnikov = { a <- bw * sqrt(5); ax <- abs(kords); ifelse(ax < a, 3 / 4 * (1 - (ax / a)^2) / a, 0) },
  biweight = { a <- bw * sqrt(7); ax <- abs(kords); ifelse(ax < a, 15 / 16 * (1 - (ax / a)^2)^2 / a, 0) },
  cosine = { a <- bw / sqrt(1 / 3 - 2 / pi^2); ifelse(abs(kords) < a, (1 + cos(pi * kords / a)) / (2 * a), 0) },
  optcosine = { a <- bw / sqrt(1 - 8 / pi^2); ifelse(abs(kords) < a, pi / 4 * cos(pi * kords / (2 * a)) / a, 0) })
bw <- bw.nrd0(life)
grid <- seq(min(life) - 3 * bw, max(life) + 3 * bw, length.out = 64)
direct <- function(kernel, w) sapply(grid, function(t) sum(w * K(kernel, t - life, bw)) / sum(w))
kernels <- c("rectangular", "triangular", "epanechnikov", "biweight", "cosine", "optcosine", "gaussian")
parts <- c(
  paste0("\"sj\":{\"life\":", sprintf("%.17g", bw.SJ(life)), ",\"logIncome\":", sprintf("%.17g", bw.SJ(loginc)),
         ",\"unemployment\":", sprintf("%.17g", bw.SJ(u)), ",\"unemploymentN\":", length(u), "}"),
  paste0("\"bw\":", sprintf("%.17g", bw), ",\"grid\":", num(grid)),
  paste0("\"direct\":{", paste0("\"", kernels, "\":{\"unweighted\":", sapply(kernels, function(k) num(direct(k, rep(1, length(life))))),
         ",\"weighted\":", sapply(kernels, function(k) num(direct(k, pop))), "}", collapse = ","), "}"),
  paste0("\"rDensityWeighted\":{", paste0("\"", kernels, "\":",
         sapply(kernels, function(k) num(density(life, bw = bw, kernel = k, weights = pop / sum(pop), from = min(grid), to = max(grid), n = 64)$y)), collapse = ","), "}")
)
cat("{", paste(parts, collapse = ",\n"), "}\n")
