import { useEffect, useMemo, useState } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import { Select } from '@backstage/core-components';
import { useEntityList } from '@backstage/plugin-catalog-react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  COMPLIANCE_STATUSES,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { ComplianceEntityFilters, gateFilter, statusFilter } from './filters';

const ANY = 'any';
const OVERALL = 'overall';

const useStyles = makeStyles(theme => ({
  /*
   * Backstage's Select keeps its value on one line and cuts it, and leaves
   * the last few pixels of the value under its arrow. In the catalog's filter
   * column (156 px at 1280 px wide) a gate's name ("Stabilization & Handoff")
   * would be cut: the value wraps instead, and stops short of the arrow (which
   * sits 4 px from the edge and is 24 px wide). Material UI's own selector for
   * this padding is doubled (`.MuiSelect-select.MuiSelect-select`), hence the
   * same here.
   */
  root: {
    '& .MuiSelect-select.MuiSelect-select': {
      whiteSpace: 'normal',
      paddingRight: theme.spacing(4),
    },
  },
}));

/**
 * The status filter, beside the catalog's pickers and in their style: the
 * overall status, or one gate's. Kept in the entity list context like them,
 * so it is in the URL too (`filters[status]`, `filters[gate]`), and taken
 * from the URL when the page opens.
 */
export function StatusPicker() {
  const classes = useStyles();
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const { queryParameters, updateFilters } =
    useEntityList<ComplianceEntityFilters>();
  const [status, setStatus] = useState(() =>
    statusFilter(queryParameters.status),
  );
  const [gate, setGate] = useState(() => gateFilter(queryParameters.gate));
  useEffect(() => {
    updateFilters({ status, gate });
  }, [status, gate, updateFilters]);

  const gateItems = useMemo(
    () => [
      { value: OVERALL, label: t('page.filters.overallGate') },
      ...RELEASE_GATE_IDS.map(id => ({ value: id, label: t(`gates.${id}`) })),
    ],
    [t],
  );
  const statusItems = useMemo(
    () => [
      { value: ANY, label: t('page.filters.anyStatus') },
      ...COMPLIANCE_STATUSES.map(s => ({ value: s, label: t(`status.${s}`) })),
    ],
    [t],
  );
  return (
    <div className={classes.root}>
      <Select
        label={t('page.filters.status')}
        items={statusItems}
        selected={status?.value ?? ANY}
        onChange={value => setStatus(statusFilter(String(value)))}
      />
      <Select
        label={t('page.filters.gate')}
        items={gateItems}
        selected={gate?.value ?? OVERALL}
        onChange={value => setGate(gateFilter(String(value)))}
      />
    </div>
  );
}
