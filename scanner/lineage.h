/*
 * Lineage: edges between tables and columns (foreign keys, views,
 * materialized views, triggers, declared flows), and the propagation of
 * personal-data categories along derivation edges.
 */
#ifndef STW_LINEAGE_H
#define STW_LINEAGE_H

#include "config.h"
#include "err.h"
#include "inventory.h"

/* Adds the edges derivable from one scanned source (its foreign keys, view
 * SQL and trigger bodies) to inv->lineage.  Parsing problems mark the view
 * partial in its table->error rather than dropping it. */
int stw_lineage_from_source(struct stw_inventory *inv, struct stw_source *src,
    struct stw_err *err);
/* Adds declared flows: from the config, across sources. */
int stw_lineage_declared(struct stw_inventory *inv, const struct stw_config *cfg,
    struct stw_err *err);
/* Copies categories along derivation edges (view, materialized_view,
 * trigger, declared, inferred; not fk) as inherited findings. */
int stw_lineage_propagate(struct stw_inventory *inv, struct stw_err *err);

#endif
