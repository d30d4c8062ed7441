/* rectify: the few behaviours the pages need. No inline script anywhere:
   data comes in <script type="application/json"> blocks read here. */
(function () {
  'use strict';

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent || 'null'); } catch (e) { return null; }
  }

  // Flash messages stay in view (sticky) until dismissed.
  document.querySelectorAll('main > .flash').forEach(function (f) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'flash-close';
    b.setAttribute('aria-label', document.documentElement.lang === 'en' ? 'Close' : '关闭');
    b.textContent = '×';
    b.addEventListener('click', function () { f.remove(); });
    f.appendChild(b);
  });

  // Print buttons.
  document.querySelectorAll('[data-print]').forEach(function (b) {
    b.addEventListener('click', function () { window.print(); });
  });

  // Ledger filters: leave empty fields out of the URL, so a saved filter is short.
  var filters = document.getElementById('filters');
  if (filters) {
    filters.addEventListener('submit', function () {
      filters.querySelectorAll('input, select').forEach(function (f) {
        if (f.name && f.value === '') f.disabled = true;
      });
    });
    filters.querySelectorAll('select').forEach(function (s) {
      s.addEventListener('change', function () {
        if (filters.requestSubmit) filters.requestSubmit(); else filters.submit();
      });
    });
  }

  // Reject buttons need a comment: say so before the round trip.
  document.querySelectorAll('form.signoff-form').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      var btn = ev.submitter;
      var ta = form.querySelector('textarea');
      if (btn && btn.value === 'reject' && ta && ta.value.trim() === '') {
        ev.preventDefault();
        ta.setCustomValidity(document.documentElement.lang === 'en' ? 'A rejection needs a comment.' : '退回须填写意见');
        ta.reportValidity();
        ta.addEventListener('input', function () { ta.setCustomValidity(''); }, { once: true });
      }
    });
  });

  if (typeof window.echarts === 'undefined') return;
  var en = document.documentElement.lang === 'en';

  var COLORS = {
    done: '#2f7d4f', signoff: '#2b6cb0', working: '#8a96a8', overdue: '#c53030'
  };
  var BUCKET_COLORS = [COLORS.done, COLORS.signoff, COLORS.working, COLORS.overdue];
  var STATUS_COLORS = {
    not_started: '#a0aec0', in_progress: '#5a6b85', self_checked: '#4c8bd6',
    reviewed: '#2b6cb0', in_public_notice: '#d69e2e', verifying: '#2c7a7b', signed_off: '#2f7d4f'
  };
  var FONT = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif';
  var charts = [];

  function init(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    var c = window.echarts.init(el, null, { renderer: 'canvas' });
    charts.push(c);
    return c;
  }

  function stackedBars(id, data, buckets) {
    var c = init(id);
    if (!c || !data) return;
    c.setOption({
      textStyle: { fontFamily: FONT },
      animation: false,
      color: BUCKET_COLORS,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      legend: { top: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
      grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#edf0f4' } } },
      yAxis: {
        type: 'category', data: data.labels,
        axisLabel: { fontSize: 12, width: 150, overflow: 'truncate', color: '#2d3748' },
        axisTick: { show: false }
      },
      series: data.series.map(function (s, i) {
        return { name: buckets[i] || s.name, type: 'bar', stack: 'all', barMaxWidth: 18, data: s.data };
      })
    });
  }

  var dash = readJson('dash-data');
  if (dash) {
    var st = init('chart-status');
    if (st) {
      st.setOption({
        textStyle: { fontFamily: FONT },
        animation: false,
        tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）', confine: true },
        legend: { orient: 'vertical', right: 8, top: 'middle', itemWidth: 12, itemHeight: 10 },
        series: [{
          type: 'pie', radius: ['45%', '72%'], center: ['38%', '52%'],
          label: { formatter: '{c}', fontSize: 13 },
          data: dash.status.map(function (d) {
            return { name: d.name, value: d.value, itemStyle: { color: STATUS_COLORS[d.key] || '#718096' } };
          })
        }]
      });
      st.on('click', function (p) {
        var d = dash.status[p.dataIndex];
        if (d) window.location.href = '/problems?status=' + encodeURIComponent(d.key);
      });
    }
    stackedBars('chart-category', dash.category, dash.buckets);
    stackedBars('chart-unit', dash.unit, dash.buckets);
    stackedBars('chart-leader', dash.leader, dash.buckets);
    var unitChart = charts[2];
    if (unitChart) {
      unitChart.on('click', function (p) {
        if (p.name) window.location.href = '/problems?unit=' + encodeURIComponent(p.name);
      });
    }
    var leaderChart = charts[3];
    if (leaderChart) {
      leaderChart.on('click', function (p) {
        if (p.name) window.location.href = '/problems?leader=' + encodeURIComponent(p.name);
      });
    }
  }

  var prob = readJson('problem-data');
  if (prob && prob.periods && prob.periods.length) {
    var rc = init('chart-reports');
    if (rc) {
      var series = [{
        name: en ? 'Reported %' : '报送进度', type: 'line', data: prob.percents,
        symbolSize: 7, lineStyle: { width: 2, color: '#1f3a5f' }, itemStyle: { color: '#1f3a5f' },
        areaStyle: { color: 'rgba(31,58,95,0.08)' }
      }];
      if (typeof prob.expected === 'number') {
        series[0].markLine = {
          symbol: 'none', silent: true,
          lineStyle: { color: '#c53030', type: 'dashed' },
          label: { formatter: (en ? 'expected ' : '应完成 ') + Math.round(prob.expected) + '%', color: '#c53030' },
          data: [{ yAxis: prob.expected }]
        };
      }
      rc.setOption({
        textStyle: { fontFamily: FONT },
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: function (v) { return v + '%'; }, confine: true },
        grid: { left: 8, right: typeof prob.expected === 'number' ? 70 : 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: prob.periods, boundaryGap: false },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: series
      });
    }
  }

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 120);
  });
  window.addEventListener('beforeprint', function () { charts.forEach(function (c) { c.resize(); }); });
})();
