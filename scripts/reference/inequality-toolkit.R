# Reference values from base R and boot for the inequality additions (lib/methods/inequality/poverty.ts, lib/methods/inequality/shares.ts,
# lib/methods/inequality/bootstrap.ts), on the Gapminder incomes the project ships (vega-datasets gapminder-health-income.csv:
# income per person, population as weights). Written independently of the TypeScript from the definitions:
#   fgt     FGT_a = sum_{x < z} w ((z - x)/z)^a / sum w, a = 0, 1, 2; Watts = sum_{x < z} w log(z/x) / sum w
#   shares  the Lorenz curve (cumsum of w and w*x over order(x), with (0, 0) first, as ineq::Lc) read at the
#           population shares by approx() (linear interpolation): quintile and decile shares, Palma (1 - L(.9))/L(.4)
#   boot    boot(x, gini, R = 1999) with set.seed(20260101), boot.ci(type = c("perc", "bca"), conf = 0.9 / 0.95,
#           L = empinf(type = "jack")); the replicates and the jackknife influence values are written too, so the
#           test can feed R's own replicates to the TypeScript interval arithmetic
# Regenerate (from the project root):  Rscript scripts/reference/inequality-toolkit.R
suppressMessages(library(boot))
d <- read.csv("node_modules/vega-datasets/data/gapminder-health-income.csv")
x <- as.numeric(d$income)
w <- as.numeric(d$population)
num <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]")
one <- function(v) sprintf("%.17g", v)

fgt <- function(x, z, a, w) sum(w[x < z] * ((z - x[x < z]) / z)^a) / sum(w)
watts <- function(x, z, w) sum(w[x < z] * log(z / x[x < z])) / sum(w)
lorenz_at <- function(x, w, p) {
  o <- order(x)
  P <- c(0, cumsum(w[o])) / sum(w)
  L <- c(0, cumsum(w[o] * x[o])) / sum(w * x)
  approx(P, L, xout = p, ties = "ordered")$y
}
shares <- function(x, w, k) diff(lorenz_at(x, w, seq(0, 1, length.out = k + 1)))
palma <- function(x, w) (1 - lorenz_at(x, w, 0.9)) / lorenz_at(x, w, 0.4)
gini <- function(v) { v <- sort(v); n <- length(v); sum((2 * seq_len(n) - n - 1) * v) / (n * sum(v)) }

ones <- rep(1, length(x))
z <- 3000
set.seed(20260101)
b <- boot(x, function(d, i) gini(d[i]), R = 1999)
L <- empinf(b, type = "jack")
ci95 <- boot.ci(b, conf = 0.95, type = c("perc", "bca"), L = L)
ci90 <- boot.ci(b, conf = 0.9, type = c("perc", "bca"), L = L)

cat("{\n\"source\":\"R ", R.version$major, ".", R.version$minor, ", boot ", as.character(packageVersion("boot")),
    "; scripts/reference/inequality-toolkit.R on vega-datasets gapminder-health-income.csv\",\n", sep = "",
    file = "tests/fixtures/inequality-toolkit.json")
out <- c(
  paste0("\"z\":", z),
  paste0("\"fgt\":{\"unweighted\":", num(sapply(0:2, function(a) fgt(x, z, a, ones))), ",\"weighted\":", num(sapply(0:2, function(a) fgt(x, z, a, w))), "}"),
  paste0("\"watts\":{\"unweighted\":", one(watts(x, z, ones)), ",\"weighted\":", one(watts(x, z, w)), "}"),
  paste0("\"quintiles\":{\"unweighted\":", num(shares(x, ones, 5)), ",\"weighted\":", num(shares(x, w, 5)), "}"),
  paste0("\"deciles\":{\"unweighted\":", num(shares(x, ones, 10)), ",\"weighted\":", num(shares(x, w, 10)), "}"),
  paste0("\"palma\":{\"unweighted\":", one(palma(x, ones)), ",\"weighted\":", one(palma(x, w)), "}"),
  paste0("\"boot\":{\"R\":1999,\"t0\":", one(b$t0), ",\"t\":", num(b$t[, 1]), ",\"jackknifeInfluence\":", num(L),
         ",\"percentile95\":", num(ci95$percent[4:5]), ",\"bca95\":", num(ci95$bca[4:5]),
         ",\"percentile90\":", num(ci90$percent[4:5]), ",\"bca90\":", num(ci90$bca[4:5]), "}")
)
cat(paste(out, collapse = ",\n"), "\n}\n", file = "tests/fixtures/inequality-toolkit.json", append = TRUE)
cat("wrote tests/fixtures/inequality-toolkit.json\n")
