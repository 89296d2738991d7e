# Reference values from R spdep 1.2-7 (with sf 1.0 / GDAL 3.6 reading TopoJSON) for tests/spatial.test.ts.
#
# Regenerate (from the project root, after `python3 scripts/reference/grid_topology.py`):
#   Rscript scripts/reference/spdep.R
#
# Writes
#   tests/fixtures/spdep-weights.json  neighbour lists built by spdep::poly2nb (queen and rook) for the
#                                      3x3 grid, the 85 Russian regions and the US counties, one list per id
#                                      (features sharing an id are merged: the union of their neighbours)
#   tests/fixtures/spdep-moran.json    moran.test / localmoran / moran.mc / localmoran_perm for the county
#                                      unemployment rates (vega-datasets) with row-standardised weights
#                                      (all counties: queen and rook; Iowa's 99 counties: queen), and
#                                      two-sided normal p-values 2 * pnorm(-z)
#
# The weights are independent of the TypeScript code: GDAL decodes the TopoJSON and poly2nb finds the shared
# boundary points itself (queen: one shared point; rook: more than one shared point, within the default snap
# of sqrt(.Machine$double.eps)). The statistics use those poly2nb neighbours for the units listed in `ids`
# (counties with a polygon in the map and a rate in unemployment.tsv, in map order). The test checks that
# the TypeScript queen lists are identical to poly2nb's before comparing statistics. poly2nb's rook rule
# ("more than one shared point", counting repeated points) also links about ten pairs of counties that meet
# at a single point where a zero-length arc sits (a four-corner point after quantization); the TypeScript
# rook rule (a shared segment of non-zero length) does not, so the rook statistics are compared on
# weights built from these poly2nb lists (weightsFromNeighbors), and the test checks those pairs separately.
suppressMessages({
  library(sf)
  library(spdep)
})
options(warn = 1)

source("scripts/reference/json.R") # num, jnum, jint, jstr, jlists, jnumlists

# poly2nb on the features of a TopoJSON layer, merged by id. Returns list(ids, queen, rook) with 0-based
# neighbour indices into ids (ids in order of first non-empty feature).
nb_by_id <- function(path, layer) {
  x <- st_read(path, layer = layer, quiet = TRUE)
  x <- x[!st_is_empty(x), ]
  fid <- as.character(x$id)
  ids <- unique(fid)
  pos <- match(fid, ids)
  one <- function(queen) {
    nb <- poly2nb(x, queen = queen)
    merged <- vector("list", length(ids))
    for (k in seq_along(ids)) merged[[k]] <- integer(0)
    for (f in seq_along(nb)) {
      nbf <- nb[[f]]
      nbf <- nbf[nbf > 0]
      merged[[pos[f]]] <- c(merged[[pos[f]]], pos[nbf])
    }
    lapply(seq_along(merged), function(k) sort(setdiff(unique(merged[[k]]), k)) - 1L)
  }
  list(ids = ids, queen = one(TRUE), rook = one(FALSE))
}

weights_json <- function(w) {
  paste0("{\"ids\":", jstr(w$ids), ",\"queen\":", jlists(w$queen), ",\"rook\":", jlists(w$rook), "}")
}

grid <- nb_by_id("tests/fixtures/grid3x3-topo.json", "grid")
russia <- nb_by_id("../shared/data/russia/regions-topo.json", "geo")
counties <- nb_by_id("node_modules/vega-datasets/data/us-10m.json", "counties")

writeLines(paste0(
  "{\n\"source\":\"R ", R.version$major, ".", R.version$minor, ", spdep ", packageVersion("spdep"),
  ", sf ", packageVersion("sf"), ": poly2nb on st_read(TopoJSON), features merged by id; neighbours are 0-based indices into ids\",\n",
  "\"grid\":", weights_json(grid), ",\n",
  "\"russia\":", weights_json(russia), ",\n",
  "\"counties\":", weights_json(counties), "\n}"
), "tests/fixtures/spdep-weights.json")

# ---- statistics on the county unemployment rates --------------------------------------------------------
rates <- read.delim("node_modules/vega-datasets/data/unemployment.tsv", colClasses = c("character", "numeric"))
units <- counties$ids[counties$ids %in% rates$id]
x <- rates$rate[match(units, rates$id)]
n <- length(units)

listw_for <- function(w, units) {
  keep <- match(units, w$ids)
  newpos <- rep(NA_integer_, length(w$ids))
  newpos[keep] <- seq_along(units)
  nb <- lapply(keep, function(k) {
    v <- newpos[w$queen_or_rook[[k]] + 1L]
    v <- sort(v[!is.na(v)])
    if (length(v) == 0) 0L else as.integer(v)
  })
  class(nb) <- "nb"
  attr(nb, "region.id") <- units
  attr(nb, "type") <- "queen"
  attr(nb, "sym") <- TRUE
  nb2listw(nb, style = "W", zero.policy = TRUE)
}

stats_json <- function(rule, units, x, local = TRUE, perm = TRUE) {
  w <- counties
  w$queen_or_rook <- if (rule == "queen") counties$queen else counties$rook
  lw <- listw_for(w, units)
  mn <- moran.test(x, lw, randomisation = FALSE, zero.policy = TRUE, adjust.n = FALSE, alternative = "two.sided")
  mr <- moran.test(x, lw, randomisation = TRUE, zero.policy = TRUE, adjust.n = FALSE, alternative = "two.sided")
  k <- spweights.constants(lw, zero.policy = TRUE, adjust.n = FALSE)
  out <- paste0(
    "{\"rule\":\"", rule, "\",\"n\":", length(units), ",\"ids\":", jstr(units),
    ",\"S0\":", num(k$S0), ",\"S1\":", num(k$S1), ",\"S2\":", num(k$S2),
    ",\"I\":", num(mn$estimate[[1]]), ",\"expected\":", num(mn$estimate[[2]]),
    ",\"varianceNormal\":", num(mn$estimate[[3]]), ",\"zNormal\":", num(mn$statistic[[1]]), ",\"pNormal\":", num(mn$p.value),
    ",\"varianceRandomization\":", num(mr$estimate[[3]]), ",\"zRandomization\":", num(mr$statistic[[1]]),
    ",\"pRandomization\":", num(mr$p.value)
  )
  if (perm) {
    set.seed(20240501)
    mc <- moran.mc(x, lw, nsim = 999, zero.policy = TRUE, alternative = "greater", adjust.n = FALSE)
    sims <- mc$res[1:999]
    out <- paste0(out, ",\"moranMc\":{\"nsim\":999,\"seed\":20240501,\"statistic\":", num(mc$statistic[[1]]),
                  ",\"pGreater\":", num(mc$p.value), ",\"atLeast\":", sum(sims >= mc$statistic[[1]]), "}")
  }
  if (local) {
    lm <- localmoran(x, lw, zero.policy = TRUE)
    quad <- as.character(attr(lm, "quadr")$pysal)
    out <- paste0(out, ",\"localmoran\":{\"convention\":\"spdep Ii = n*z_i*lag_i/sum(z^2), z = x - mean(x); GeoDa I_i = Ii*(n-1)/n\"",
                  ",\"Ii\":", jnum(lm[, "Ii"]), ",\"quadrantPysal\":", jstr(quad), "}")
    if (perm) {
      lp <- localmoran_perm(x, lw, nsim = 999, zero.policy = TRUE, iseed = 20240501)
      out <- paste0(out, ",\"localmoranPerm\":{\"nsim\":999,\"iseed\":20240501,",
                    "\"note\":\"spdep 1.2-7 samples the neighbours' values with replacement\",",
                    "\"pFolded\":", jnum(lp[, "Pr(folded) Sim"]), "}")
    }
  }
  paste0(out, "}")
}

iowa <- units[substr(sprintf("%05d", as.integer(units)), 1, 2) == "19"]
x_iowa <- rates$rate[match(iowa, rates$id)]

# two-sided normal p-values 2 * pnorm(-|z|), for the tail function
zs <- c(0, 1e-8, 0.1, 0.5, 0.7, 0.7071, 1, 1.4, 1.959963984540054, 2, 2.5, 3, 3.5, 3.5355, 4, 5, 6, 8, 10, 15, 20, 30, 37)

data_not_in_map <- rates$id[!(rates$id %in% counties$ids)]
map_not_in_data <- counties$ids[!(counties$ids %in% rates$id)]

writeLines(paste0(
  "{\n\"source\":\"R ", R.version$major, ".", R.version$minor, ", spdep ", packageVersion("spdep"),
  ": moran.test(randomisation = FALSE/TRUE, adjust.n = FALSE, zero.policy = TRUE, two.sided), spweights.constants, ",
  "localmoran, moran.mc and localmoran_perm on poly2nb weights, style W\",\n",
  "\"dataNotInMap\":", jstr(data_not_in_map), ",\n",
  "\"mapNotInData\":", jstr(map_not_in_data), ",\n",
  "\"queen\":", stats_json("queen", units, x), ",\n",
  "\"rook\":", stats_json("rook", units, x, local = FALSE, perm = FALSE), ",\n",
  "\"iowaQueen\":", stats_json("queen", iowa, x_iowa, perm = FALSE), ",\n",
  "\"normalTwoSided\":{\"z\":", jnum(zs), ",\"p\":", jnum(2 * pnorm(-zs)), "}\n}"
), "tests/fixtures/spdep-moran.json")
cat("wrote tests/fixtures/spdep-weights.json and tests/fixtures/spdep-moran.json\n")
