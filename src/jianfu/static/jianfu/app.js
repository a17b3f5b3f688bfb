/* 减负通 front-end helpers: charts (ECharts) and boundary maps (Leaflet), all served locally. */
window.jianfu = (function () {
  function barChart(id, labels, values, name) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return null;
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: {trigger: 'axis'},
      grid: {left: 40, right: 16, top: 24, bottom: 60},
      xAxis: {type: 'category', data: labels, axisLabel: {rotate: 40}},
      yAxis: {type: 'value', minInterval: 1},
      series: [{name: name, type: 'bar', data: values, itemStyle: {color: '#c0392b'}}]
    });
    window.addEventListener('resize', function () { chart.resize(); });
    el.dataset.rendered = '1';
    return chart;
  }
  function pieChart(id, data, name) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return null;
    var chart = echarts.init(el);
    chart.setOption({tooltip: {trigger: 'item'}, series: [{name: name, type: 'pie', radius: ['35%', '70%'], data: data}]});
    el.dataset.rendered = '1';
    return chart;
  }
  function lineChart(id, labels, series) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return null;
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: {trigger: 'axis'}, legend: {}, grid: {left: 40, right: 16, top: 40, bottom: 40},
      xAxis: {type: 'category', data: labels}, yAxis: {type: 'value'},
      series: series.map(function (s) { return {name: s.name, type: s.type || 'line', data: s.data}; })
    });
    el.dataset.rendered = '1';
    return chart;
  }
  function geoMap(id, tileUrl) {
    var el = document.getElementById(id);
    if (!el || !window.L) return null;
    var map = L.map(el, {attributionControl: true, zoomSnap: 0.25});
    if (tileUrl) { L.tileLayer(tileUrl, {maxZoom: 18}).addTo(map); }
    else { el.classList.add('no-tiles'); }
    map.setView([40.82, 111.7], 9);
    return map;
  }
  function addGeoJSON(map, data, style, onEach) {
    var layer = L.geoJSON(data, {
      style: style || function () { return {color: '#c0392b', weight: 2, fillOpacity: 0.12}; },
      onEachFeature: onEach || function (f, l) {
        var p = f.properties || {};
        l.bindTooltip((p.name || '') + (p.households ? '：' + p.households + ' 户' : ''));
      }
    }).addTo(map);
    if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), {padding: [10, 10]}); }
    return layer;
  }
  function boundaryMap(id, url, tileUrl) {
    var map = geoMap(id, tileUrl);
    if (!map) return null;
    fetch(url, {credentials: 'same-origin'}).then(function (r) { return r.json(); }).then(function (data) {
      addGeoJSON(map, data);
      document.getElementById(id).dataset.features = String(data.features.length);
    });
    return map;
  }
  return {barChart: barChart, pieChart: pieChart, lineChart: lineChart, geoMap: geoMap, addGeoJSON: addGeoJSON, boundaryMap: boundaryMap};
})();
