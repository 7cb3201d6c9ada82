(function(){
  var root = document.getElementById('root');
  fetch('/api/v1/fiat/currencies').then(function(r){return r.json();}).then(function(j){
    var h = '<h1>Buy Crypto</h1><p>Choose your currency and payment method.</p><table><tr><th>Currency</th><th>Payment methods</th><th>Limits</th></tr>';
    j.result.forEach(function(c){
      h += '<tr><td>' + c.code + ' — ' + c.name + '</td><td>' + c.methods.join(', ') + '</td><td>' + c.min + ' – ' + c.max + ' ' + c.code + '</td></tr>';
    });
    root.innerHTML = h + '</table>';
  });
})();
