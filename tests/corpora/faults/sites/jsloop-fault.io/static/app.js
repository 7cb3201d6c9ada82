window.addEventListener('load', function () {
  document.getElementById('app').textContent = 'LoopApp 交易';
  setTimeout(function () { while (true) { /* hung after load */ } }, 50);
});
