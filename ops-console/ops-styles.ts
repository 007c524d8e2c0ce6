/** The ops console's own rules, added to the pages' stylesheet (sent with the page's CSP nonce). */
export const OPS_CSS = `
main.wide { max-width: 80rem; }
.summary-facts { grid-template-columns: max-content 1fr; }
details.section { margin: 1rem 0; border-top: 1px solid #c6cace; }
details.section > summary { cursor: pointer; padding: 0.5rem 0; font-size: 1.25rem; font-weight: 700; }
.site-header p.wide { max-width: 80rem; }
.ops-nav { display: flex; flex-wrap: wrap; gap: 1rem; margin: 0 0 1rem; }
.live-status { color: #3d4551; font-size: 0.9375rem; }
table.data { width: 100%; border-collapse: collapse; font-size: 0.9375rem; margin: 0 0 1.5rem; }
table.data th, table.data td { padding: 0.4rem 0.5rem; border-bottom: 1px solid #c6cace; text-align: left; vertical-align: top; }
table.data thead th { border-bottom: 2px solid #1a1a1a; white-space: nowrap; }
table.data td.detail { overflow-wrap: anywhere; max-width: 28rem; }
.table-scroll { overflow-x: auto; }
.funnel { display: block; max-width: 100%; height: auto; }
.funnel .bar { fill: #0b5cad; }
.funnel .bar-done { fill: #15803d; }
.funnel .bar-stopped { fill: #71767a; }
.funnel text { fill: #1a1a1a; font: 14px system-ui, sans-serif; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1.5rem; }
.panel { padding: 1rem; border: 1px solid #c6cace; border-radius: 4px; }
.panel h2 { margin-top: 0; }
.graph-scroll { overflow: auto; max-height: 70vh; border: 1px solid #c6cace; background: #fafafa; }
.graph { display: block; }
.graph text { font: 12px system-ui, sans-serif; fill: #1a1a1a; }
.graph .edge { fill: none; stroke: #6b7280; stroke-width: 1.4; }
.graph .edge-timeout { stroke-dasharray: 5 4; }
.graph .edge-back { stroke: #9ca3af; }
.graph .arrow-head { fill: #6b7280; }
.graph .shape { fill: #ffffff; stroke: #71767a; stroke-width: 1.4; }
.graph .kind-choice { stroke-dasharray: 4 3; }
.graph .kind-wait { stroke-width: 2; }
.graph .box { fill: #f8fafc; stroke-dasharray: 6 4; }
.graph .box-title { font-weight: 700; }
.graph .box-kind { fill: #3d4551; }
.graph .kind-start, .graph .kind-end { fill: #e5e7eb; }
.graph .state-succeeded { fill: #dcfce7; stroke: #15803d; }
.graph .state-active { fill: #dbeafe; stroke: #0b5cad; stroke-width: 3.5; }
.graph .state-failed, .graph .state-stopped { fill: #fde8e6; stroke: #b3261e; stroke-width: 2.5; }
.graph .box.state-succeeded { fill: #f3fbf5; }
.graph .box.state-active { fill: #f3f8fe; stroke-width: 2; }
.graph .now { font-weight: 700; fill: #0b3f7a; }
.legend { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; margin: 0.5rem 0 1rem; padding: 0; list-style: none; font-size: 0.9375rem; }
.swatch { display: inline-block; width: 1rem; height: 1rem; margin-right: 0.35rem; vertical-align: -0.15rem; border: 2px solid #71767a; background: #ffffff; }
.swatch-active { border-color: #0b5cad; background: #dbeafe; }
.swatch-succeeded { border-color: #15803d; background: #dcfce7; }
.swatch-failed { border-color: #b3261e; background: #fde8e6; }
.now-at { font-size: 1.0625rem; }
.notice-box { margin: 0 0 1rem; padding: 0.75rem 1rem; border-left: 6px solid #15803d; background: #f0fdf4; }
.inline-fields { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; }
.inline-fields .field { margin: 0; }
.button-danger { background: #b3261e; border-color: #b3261e; }
.button-danger:hover { background: #8a1c15; border-color: #8a1c15; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end; margin: 0 0 1rem; padding: 1rem; border: 1px solid #c6cace; border-radius: 4px; }
.filters .field { margin: 0; flex: 1 1 12rem; min-width: 0; }
.filters .button { margin: 0; }
.flag { color: #b3261e; }
.actions { margin: 1.5rem 0; }
.action-form h3 { margin: 0 0 0.75rem; font-size: 1.125rem; }
.action-form .field { margin: 0 0 1rem; }
.small-button { padding: 0.25rem 0.75rem; font-size: 0.9375rem; }
`;
